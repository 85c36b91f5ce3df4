package attrib

import "testing"

// TestSourceStartKeepsWords: a source that ends in a dash (a heading run
// into the text, "… FELLOW DOCTORS — He's been dragged …", as a model may
// read it) keeps its words: leaving out what stands before the dash would
// leave none, and an empty source broke the statement's span (a panic on
// PolNeAR dev with models trained with word clusters).
func TestSourceStartKeepsWords(t *testing.T) {
	at, err := NewWithOptions(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	l := at.langs[fallback]
	f, _ := l.scan(l.parse("HE'S BEEN CALLED OUT BY FELLOW DOCTORS — He's been dragged before a Senate subcommittee."))
	dash := -1
	for k, tk := range f.toks {
		if tk.Text == "—" {
			dash = k
		}
	}
	if dash < 0 {
		t.Fatal("no dash token")
	}
	for _, a := range []int{0, dash - 2} {
		if got := f.sourceStart([2]int{a, dash + 1}); got > dash {
			t.Errorf("source [%d, %d) starts at %d: no words left", a, dash+1, got)
		}
	}
	// What stands before a dash still goes when a name follows it.
	f, _ = l.scan(l.parse("WASHINGTON — President Obama said the talks would resume."))
	if got := f.sourceStart([2]int{0, 4}); f.toks[got].Text != "President" {
		t.Errorf("source of WASHINGTON — President Obama starts at %q", f.toks[got].Text)
	}
}
