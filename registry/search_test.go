package registry

import (
	"strings"
	"testing"
)

func TestSearchName(t *testing.T) {
	for _, c := range []struct {
		text, name string
		lone, ok   bool
	}{
		{"President Trump", "Trump", true, true},
		{"US President Donald Trump", "Donald Trump", false, true},
		{"Secretary of State Mike Pompeo", "Mike Pompeo", false, true},
		// A surname that is a common word too.
		{"President Obama", "Obama", true, true},
		{"President Bush", "Bush", true, true},
		// A name as it is, or a body, is searched as written.
		{"Donald Trump", "", false, false},
		{"Trump", "", false, false},
		{"Trump campaign", "", false, false},
		{"president", "", false, false},
		{"UN report", "", false, false},
		{"Recording Industry Association of America", "", false, false},
	} {
		name, lone, ok := SearchName(c.text)
		if name != c.name || lone != c.lone || ok != c.ok {
			t.Errorf("SearchName(%q) = %q, %v, %v; want %q, %v, %v", c.text, name, lone, ok, c.name, c.lone, c.ok)
		}
	}
}

// TestSearchTitle reads what a title in front of a searched name says of
// whom is meant, and the keys a full name matches with or without middle
// initials.
func TestSearchTitle(t *testing.T) {
	for _, tt := range []struct {
		text string
		want Title
	}{
		{"Mrs Trump", Title{Gender: 'f'}},
		{"Mr. Biden", Title{Gender: 'm'}},
		{"President Obama", Title{Role: "president"}},
		{"US President Donald J. Trump", Title{Role: "president"}},
		{"Chief Justice John Roberts", Title{Role: "chief justice"}},
		{"Justice Roberts", Title{Role: "justice"}},
		{"Sen. Warren", Title{Role: "senator"}},
		{"Donald Trump", Title{}},
	} {
		if got := SearchTitle(tt.text); got != tt.want {
			t.Errorf("SearchTitle(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name, keys, initial string
	}{
		{"Donald J. Trump", "donald j trump|donald trump", ""},
		{"John Roberts", "john roberts", "john _ roberts"},
		{"George H. W. Bush", "george h w bush|george bush", ""},
		{"Trump", "trump", ""},
	} {
		keys, initial := NameKeys(tt.name)
		if strings.Join(keys, "|") != tt.keys || initial != tt.initial {
			t.Errorf("NameKeys(%q) = %q, %q; want %q, %q", tt.name, keys, initial, tt.keys, tt.initial)
		}
	}
	if f := FirstNamesOf('f'); !strings.Contains(f, "|michelle|") || strings.Contains(f, "|donald|") {
		t.Errorf("FirstNamesOf('f') does not hold Michelle alone")
	}
}
