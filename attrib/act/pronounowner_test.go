package act_test

import "testing"

// TestReplyToPronounOwner: "rejected his demands, saying …" answers the
// demands of the person "his" stands for, in both the rejection and the
// words said with it; not a body's demand or criticism quoted in between.
func TestReplyToPronounOwner(t *testing.T) {
	a, err := stages(t).Text("demands", "Officials reject call for new vote\n\n"+
		"Opposition candidate Tom Lee said, \"We demand new, honest elections. This was a complete farce.\"\n\n"+
		"The Eastland Workers Union called for higher wages for miners.\n\n"+
		"The European Union criticized Eastland for its authoritarian rule.\n\n"+
		"Eastland officials rejected his demands, saying the elections were free and honest.\n")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range a.Statements {
		if s.Speaker.Name != "Eastland officials" {
			continue
		}
		n++
		got := ""
		if len(s.RespondsTo) == 1 {
			got = a.Statements[s.RespondsTo[0].Statement].Speaker.Name
		}
		if got != "Tom Lee" {
			t.Errorf("%q (%s) answers %q, want Tom Lee", s.Content.Text, s.Act, got)
		}
	}
	if n == 0 {
		t.Fatalf("no statement of Eastland officials in %+v", a.Statements)
	}
}
