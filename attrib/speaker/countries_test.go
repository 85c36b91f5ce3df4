package speaker

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestEveryCountry: the gazetteer knows the small countries too, so a
// Bahamian minister's affiliation is the Bahamas and "Malawi said" is the
// country (its government); before, both were unknown words (the demo
// listed "Malawi" as an organization of that name, and the story linker's
// place rule could not tell a storm in the Bahamas from one in Florida).
func TestEveryCountry(t *testing.T) {
	for _, c := range []struct {
		text, source   string
		name, typ, aff string
	}{
		{"Bahamian Prime Minister Hubert Minnis said the damage was vast.", "Bahamian Prime Minister Hubert Minnis", "Hubert Minnis", rapporteur.Person, "Bahamas"},
		{"Malawi said it would close its schools.", "Malawi", "Malawi", rapporteur.Organization, ""},
		{"Maltese Prime Minister Robert Abela said the port would reopen.", "Maltese Prime Minister Robert Abela", "Robert Abela", rapporteur.Person, "Malta"},
	} {
		tab := resolver(t).Table("en", c.text)
		sp := tab.Resolve(spanOf(t, c.text, c.source))
		if sp.Name != c.name || sp.Type != c.typ || sp.Affiliation != c.aff {
			t.Errorf("%q: %q (%s), affiliation %q; want %q (%s), %q", c.source, sp.Name, sp.Type, sp.Affiliation, c.name, c.typ, c.aff)
		}
	}
	entities := resolver(t).Table("en", "Hurricane Dorian made landfall in the Bahamas and moved on towards Bermuda.").Entities()
	places := map[string]bool{}
	for _, e := range entities {
		if e.Type == rapporteur.Place {
			places[e.Name] = true
		}
	}
	if !places["Bahamas"] || !places["Bermuda"] {
		t.Errorf("places %v, want the Bahamas and Bermuda", entities)
	}
}
