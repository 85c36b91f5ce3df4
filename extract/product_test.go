package extract

import (
	"strings"
	"testing"
)

// productPage is a shop's page: the product's description, then customer
// reviews (the page's longest prose) and other products.
func productPage(reviewsClass string) string {
	review := strings.Repeat("I bought this kettle for my office and it boils water quickly, quietly and without any plastic taste at all. ", 6)
	return `<html><head><title>Steel kettle</title>
<script type="application/ld+json">{"@type":"Product","name":"Steel kettle"}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav></header>
<main><h1>Steel kettle</h1>
<div class="description"><p>A brushed steel kettle of 1.7 litres with a concealed element, a limescale filter and a lid that opens with one hand.</p>
<ul><li>Capacity: 1.7 litres</li><li>Power: 2200 W</li><li>Weight: 1.1 kg</li></ul></div>
<section class="` + reviewsClass + `"><h2>Customer reviews</h2>
<div><p>` + review + `</p></div><div><p>` + review + `</p></div><div><p>` + review + `</p></div></section>
<div class="related-products"><h2>You may also like</h2><ul><li><a href="/a">Glass kettle</a> £30</li><li><a href="/b">Toaster</a> £25</li></ul></div>
</main><footer>© Shop</footer></body></html>`
}

// TestProductReviewsLeftOut: on a product page the main text is the
// product's description and specifications, not its customer reviews; a
// block that only mentions reviews in a longer id is not taken for them.
func TestProductReviewsLeftOut(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		class       string
		wantReviews bool
	}{
		{"product-reviews", false},
		{"ratings-and-reviews block", false},
		{"customer-feedback", true}, // no word of shop software: kept
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			a, err := x.HTML("kettle", []byte(productPage(tt.class)), "https://shop.test/products/steel-kettle")
			if err != nil {
				t.Fatal(err)
			}
			if a.PageType != Product {
				t.Errorf("page type %q, want product", a.PageType)
			}
			if !strings.Contains(a.Text, "concealed element") || !strings.Contains(a.Text, "2200 W") {
				t.Errorf("description or specifications missing:\n%s", a.Text)
			}
			if got := strings.Contains(a.Text, "boils water quickly"); got != tt.wantReviews {
				t.Errorf("reviews kept = %v, want %v:\n%s", got, tt.wantReviews, a.Text)
			}
		})
	}
}
