package registry

import "testing"

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
