package act_test

import "testing"

// TestPronounObject: "urged him", "praised him" aim at the person the
// pronoun stands for, the last one named before it who is not the
// speaker, not at no one.
func TestPronounObject(t *testing.T) {
	p := stages(t)
	for _, c := range []struct{ text, speaker, target string }{
		{"Leaders meet Bashir\n\nSeveral European leaders met with Sudan's President Omar al-Bashir on Monday and strongly urged him to allow the deployment of U.N. troops in Darfur.", "Several European leaders", "Omar al-Bashir"},
		{"Schwarzenegger endorses McCain\n\nGovernor Arnold Schwarzenegger called John McCain \"a great American hero\" and praised him for his ability to cross party lines.", "Arnold Schwarzenegger", "John McCain"},
	} {
		a, err := p.Text("pronoun", c.text)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range a.Statements {
			if s.Speaker.Name != c.speaker || s.Target == nil {
				continue
			}
			found = found || s.Target.Name == c.target
		}
		if !found {
			for _, s := range a.Statements {
				t.Logf("%s %s %+v %q", s.Speaker.Name, s.Act, s.Target, s.Content.Text)
			}
			t.Errorf("%q: no statement of %s aimed at %s", c.text, c.speaker, c.target)
		}
	}
}
