package speaker

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestResolveQuoted: inside Ana Ruiz's answer "I" is Ruiz; "they" is no
// organization named before her answer began; a name inside it speaks.
func TestResolveQuoted(t *testing.T) {
	text := "The Clean Water Coalition sued the city. Ana Ruiz answered our questions.\n\n" +
		"I said the water was brown. They told me to boil it. Mayor Tom Hale said it was safe."
	answer := spanOf(t, text, "I said the water was brown. They told me to boil it. Mayor Tom Hale said it was safe.")
	frame := rapporteur.Statement{Kind: rapporteur.Direct, Content: answer,
		Speaker: rapporteur.Speaker{Name: "Ana Ruiz", Type: rapporteur.Person}}
	tab := resolver(t).Table("en", text)
	for _, c := range []struct {
		source, name string
		ok           bool
	}{
		{"I", "Ana Ruiz", true},
		{"They", "", false},
		{"Mayor Tom Hale", "Tom Hale", true},
	} {
		sp, ok := tab.ResolveQuoted(spanOf(t, text, c.source), frame)
		if ok != c.ok || ok && sp.Name != c.name {
			t.Errorf("%q: speaker %q ok %v, want %q %v", c.source, sp.Name, ok, c.name, c.ok)
		}
	}
}

// TestResolveQuotedPunctuation: a source of punctuation alone names no
// one, before any other speaker is known (it must not read another's).
func TestResolveQuotedPunctuation(t *testing.T) {
	text := `"— ," she said.`
	tab := resolver(t).Table("en", text)
	frame := rapporteur.Statement{Kind: rapporteur.Direct, Content: rapporteur.Span{Start: 0, End: len([]rune(text))},
		Speaker: rapporteur.Speaker{Name: "Ana Ruiz", Type: rapporteur.Person}}
	if sp, ok := tab.ResolveQuoted(rapporteur.Span{Start: 1, End: 2, Text: "—"}, frame); ok {
		t.Errorf("a dash names %+v", sp)
	}
}
