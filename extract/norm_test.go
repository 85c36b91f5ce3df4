package extract

import "testing"

func TestCollapseSpace(t *testing.T) {
	tests := map[string]string{
		"":                   "",
		"a b":                "a b",
		" a":                 "a",
		"a ":                 "a",
		"a  b":               "a b",
		"a\tb":               "a b",
		"a\u00a0\u2009b":     "a b",
		"  ":                 "",
		"é è":                "é è",
		"line\nbreak":        "line break",
		"über  \u3000 alles": "über alles",
	}
	for in, want := range tests {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}
