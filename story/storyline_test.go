package story

import (
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// TestSeries reads headline pairs: two of a series (the same frame, a
// particular each) or not.
func TestSeries(t *testing.T) {
	c, err := NewClusters(ClusterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		a, b   string
		series bool
	}{
		{"Wikinews interviews Don Blankenship, U.S. Constitution Party presidential nominee",
			"Wikinews interviews Phil Collins, U.S. Prohibition Party presidential nominee", true},
		{"On the campaign trail in the USA, July 2020", "On the campaign trail in the USA, August 2020", true},
		{"Caloundra defeat Maroochydore in third round of 2020 Sunshine Coast Rugby Union season",
			"University defeat Maroochydore in round five of 2020 Sunshine Coast Rugby Union season", true},
		{"SARS-CoV-2 surpasses one million confirmed infections in the United States",
			"SARS-CoV-2 surpasses 100,000 confirmed deaths in the United States", true},
		// One event: the frame shared, and the particulars too.
		{"MDC may pull out of Zimbabwe election", "MDC pulls out of Zimbabwe elections", false},
		{"Hurricane Dorian strengthens to Category 5, makes landfall in the Bahamas",
			"Hurricane Dorian leaves trail of destruction in the Bahamas", false},
		// Particulars apart, but too little frame shared.
		{"Scottish court finds suspension of UK parliament unlawful", "UK Supreme Court rules prorogation of parliament unlawful", false},
		{"Thai PM Thaksin ousted by coup", "First successful anti-coup protest in Thailand", false},
		{"", "On the campaign trail in the USA, August 2020", false},
	} {
		if got := c.series(newTitleSig(tt.a), newTitleSig(tt.b)); got != tt.series {
			t.Errorf("series(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.series)
		}
		if got := c.series(newTitleSig(tt.b), newTitleSig(tt.a)); got != tt.series {
			t.Errorf("series(%q, %q) = %v, want %v (the other way round)", tt.b, tt.a, got, tt.series)
		}
	}
}

// flood is a story told twice, weeks apart: the flood, and the harbour
// reopening after it.
var flood = []string{
	"Floodwater closed the harbour of Port Ardent on Monday after the river Velle burst its banks upstream, and the harbour master ordered every vessel to stay at anchor.",
	"Mayor Odile Ferrant said the flood barrier built in 2011 had failed at two points, and engineers from the regional water board began pumping the docks dry.",
	"Dock workers of the Ardent stevedores union said the warehouses of the eastern quay were lost, with grain and timber cargo ruined by the water.",
}

var reopening = []string{
	"The harbour of Port Ardent reopened to shipping on Friday, six weeks after floodwater from the river Velle closed it, the harbour master said.",
	"Mayor Odile Ferrant said the repaired flood barrier had been tested by the regional water board, and the stevedores union said the eastern quay warehouses would be rebuilt.",
	"Grain and timber vessels that had waited at anchor began unloading at the docks, and the water board said pumping had ended.",
}

// TestStoryline: the reopening six weeks after the flood is another event
// (beyond the story window) of the same storyline; an unrelated article
// is a storyline alone; and a storyline does not depend on the order the
// two events come in.
func TestStoryline(t *testing.T) {
	for _, order := range [][]int{{0, 1, 2}, {1, 0, 2}, {2, 1, 0}} {
		l := mustNew(t, Config{})
		arts := []rapporteur.Article{
			article("flood", "Flood closes Port Ardent harbour", flood, 4, "a.example"),
			article("reopen", "Port Ardent harbour reopens after flood", reopening, 4, "b.example"),
			article("other", "Marrow votes for new library", other, 5, "marrow.example"),
		}
		later := arts[1].Published.Add(42 * 24 * time.Hour)
		arts[1].Published = &later
		links := map[string]Link{}
		for _, i := range order {
			links[arts[i].ID] = l.Add(arts[i])
		}
		if l.Resolve(links["flood"].Story) == l.Resolve(links["reopen"].Story) {
			t.Errorf("order %v: the flood and the reopening six weeks later are one story, want two events", order)
		}
		if a, b := l.Storyline(links["flood"].Story), l.Storyline(links["reopen"].Story); a != b || a != "flood" {
			t.Errorf("order %v: storylines %q and %q, want both \"flood\" (the story that began first)", order, a, b)
		}
		if got := l.Storyline(links["other"].Story); got != "other" {
			t.Errorf("order %v: the unrelated article's storyline is %q, want its own", order, got)
		}
	}
}

// TestSeriesNotOneStory: two interviews of a series, written alike, are
// two stories and two storylines.
func TestSeriesNotOneStory(t *testing.T) {
	l := mustNew(t, Config{})
	a := l.Add(article("a", "Wikinews interviews Don Blankenship, U.S. Constitution Party presidential nominee", flood, 4, "a.example"))
	b := l.Add(article("b", "Wikinews interviews Phil Collins, U.S. Prohibition Party presidential nominee", reopening, 6, "a.example"))
	if l.Resolve(a.Story) == l.Resolve(b.Story) {
		t.Errorf("two interviews of a series are one story %q", l.Resolve(a.Story))
	}
	if l.Storyline(a.Story) == l.Storyline(b.Story) {
		t.Errorf("two interviews of a series are one storyline %q", l.Storyline(a.Story))
	}
}

// storm and secondStorm tell like events in two places: a storm floods a
// coast, and weeks later another storm floods another coast. rebuild is a
// consequence of the first, in its place.
var (
	storm = []string{
		"A tropical storm made landfall on the coast on Tuesday, flooding low-lying towns, cutting power to thousands of homes and forcing residents to evacuate to shelters inland.",
		"The governor declared a state of emergency as the storm surge pushed seawater over the levees, and the national weather service warned of more heavy rain and flash floods.",
		"Emergency crews rescued families from flooded homes by boat, and officials said roads and bridges along the coast were closed.",
	}
	secondStorm = []string{
		"A tropical storm made landfall on the coast on Wednesday, flooding low-lying towns, cutting power to thousands of homes and forcing residents to evacuate to shelters.",
		"The governor declared a state of emergency as the storm surge pushed seawater over the sea walls, and the national weather service warned of heavy rain and flash floods.",
		"Rescue crews took families from flooded homes by boat, and officials said roads along the coast were closed.",
	}
	rebuild = []string{
		"Six weeks after the tropical storm flooded the coast, the governor said the levees that failed during the storm surge would be rebuilt and raised.",
		"Residents who had been forced to evacuate returned to flooded homes, and officials said power had been restored to the towns along the coast.",
		"The national weather service said the levees must be ready before the next storm season brings more flash floods.",
	}
)

// TestStorylinePlaces: a storm in Louisiana and, weeks later, a storm in
// Florida are like events, not one storyline, however alike their
// articles read (the demo joined Tropical Storm Barry's Louisiana with
// the next storms, and each 2020 primary with the next state's); the
// levees rebuilt in Louisiana after its storm are its storyline. A
// storyline keeps the place rule of stories: headlines that name places
// and share none are two storylines.
func TestStorylinePlaces(t *testing.T) {
	l := mustNew(t, Config{})
	first := article("louisiana", "Tropical storm floods Louisiana coast", storm, 4, "a.example")
	second := article("florida", "Florida declares emergency as second storm hits", secondStorm, 4, "b.example")
	after := article("levees", "Louisiana to rebuild levees after tropical storm", rebuild, 4, "c.example")
	for i, a := range []*rapporteur.Article{&first, &second, &after} {
		place := []string{"Louisiana", "Florida", "Louisiana"}[i]
		a.Entities = []rapporteur.Entity{{Name: place, Type: rapporteur.Place, Mentions: 2}}
		if i > 0 {
			at := first.Published.Add(time.Duration(35+i*5) * 24 * time.Hour)
			a.Published = &at
		}
	}
	a, b, c := l.Add(first), l.Add(second), l.Add(after)
	if l.Resolve(a.Story) == l.Resolve(b.Story) {
		t.Fatalf("the storms in Louisiana and Florida, 40 days apart, are one story")
	}
	if got := l.Storyline(b.Story); got == l.Storyline(a.Story) {
		t.Errorf("the Florida storm is in the Louisiana storm's storyline %q, want a storyline of its own", got)
	}
	if got, want := l.Storyline(c.Story), l.Storyline(a.Story); got != want {
		t.Errorf("the Louisiana levees after the storm are in storyline %q, want the storm's %q", got, want)
	}
}
