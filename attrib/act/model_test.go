package act_test

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/act"
)

// trainToy trains a model on statements written for this test, labelled so
// that the rules (which read every one as an assertion) are wrong on the
// "money" ones: they accuse.
func trainToy(t *testing.T) (*act.Annotator, *act.Model, rapporteur.Article) {
	t.Helper()
	p := stages(t)
	rules, err := act.NewWith(act.Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	text := `Ann Lee said the minister moved the money to his brother.

Bob Stone said the weather was fine on Monday.

Carl Diaz said the mayor moved the money to a friend.

Dana Ford said the bridge would open in May.`
	a, err := p.Extract.Verbatim("toy", "Toy", text)
	if err != nil {
		t.Fatal(err)
	}
	a, d := p.Attrib.AttributeDoc(a)
	if len(a.Statements) != 4 {
		t.Fatalf("%d statements, want 4: %+v", len(a.Statements), a.Statements)
	}
	fs := rules.Features(a, d)
	var xs []act.Example
	for i, st := range a.Statements {
		label := rapporteur.ActAssert
		if strings.Contains(st.Content.Text, "money") {
			label = rapporteur.ActAccuse
		}
		xs = append(xs, act.Example{Features: fs[i], Act: label})
	}
	m, err := act.Train(xs, act.TrainOptions{Epochs: 10, Seed: 1, L2: 1e-4})
	if err != nil {
		t.Fatal(err)
	}
	return rules, m, a
}

// TestModelOverridesRules checks that a model overrides the rules' act
// where it learned to, keeps the rules' act where it agrees, and that a
// margin too high to reach leaves the rules' acts.
func TestModelOverridesRules(t *testing.T) {
	rules, m, a := trainToy(t)
	got := rules.WithModel(m).Annotate(a)
	for _, st := range got.Statements {
		want := rapporteur.ActAssert
		if strings.Contains(st.Content.Text, "money") {
			want = rapporteur.ActAccuse
		}
		if st.Act != want {
			t.Errorf("%q: act %s, want %s", st.Content.Text, st.Act, want)
		}
	}
	m.Margin = 1e9
	for _, st := range rules.WithModel(m).Annotate(a).Statements {
		if st.Act != rapporteur.ActAssert {
			t.Errorf("margin 1e9: %q: act %s, want the rules' assert", st.Content.Text, st.Act)
		}
	}
}

// TestModelFile checks that a model written and read back decides the
// same, that writing it twice gives the same bytes, and that other files
// are refused with an error that says what is wrong.
func TestModelFile(t *testing.T) {
	rules, m, a := trainToy(t)
	m.Margin = 0.5
	var b1, b2 bytes.Buffer
	if _, err := m.WriteTo(&b1); err != nil {
		t.Fatal(err)
	}
	if _, err := m.WriteTo(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("two writes of one model differ")
	}
	back, err := act.ReadModel(bytes.NewReader(b1.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Margin != 0.5 {
		t.Errorf("margin read back %v, want 0.5", back.Margin)
	}
	want := rules.WithModel(m).Annotate(a)
	got := rules.WithModel(back).Annotate(a)
	for i := range want.Statements {
		if got.Statements[i].Act != want.Statements[i].Act {
			t.Errorf("statement %d: read-back model gives %s, the model %s", i, got.Statements[i].Act, want.Statements[i].Act)
		}
	}
	var other bytes.Buffer
	zw := gzip.NewWriter(&other)
	zw.Write([]byte("RAPSPAN\x00 not an act model"))
	zw.Close()
	for _, tt := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"not gzip", []byte("hello"), "not a model file"},
		{"another model", other.Bytes(), "not an act model file"},
		{"truncated", b1.Bytes()[:len(b1.Bytes())/2], "act model"},
	} {
		if _, err := act.ReadModel(bytes.NewReader(tt.data)); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.msg)
		}
	}
}

// TestTrainDeterministic checks that the same examples give the same model
// file.
func TestTrainDeterministic(t *testing.T) {
	_, m1, _ := trainToy(t)
	_, m2, _ := trainToy(t)
	var b1, b2 bytes.Buffer
	m1.WriteTo(&b1)
	m2.WriteTo(&b2)
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("two trainings on the same examples wrote different models")
	}
}

// TestRulesActsStand checks that an act the rules read from a lexicon word
// stands whatever the model says: the model only reads what the rules
// call assertions.
func TestRulesActsStand(t *testing.T) {
	p := stages(t)
	rules, err := act.NewWith(act.Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Extract.Verbatim("stand", "Stand", `Ann Lee said the scandal at the ministry was a disgrace.

Bob Stone said the weather was fine on Monday.`)
	if err != nil {
		t.Fatal(err)
	}
	a, d := p.Attrib.AttributeDoc(a)
	byRules := rules.AnnotateDoc(a, d)
	if len(byRules.Statements) != 2 || byRules.Statements[0].Act == rapporteur.ActAssert {
		t.Fatalf("the rules read %+v, want a first statement with an act", byRules.Statements)
	}
	// A model taught that both statements assert.
	var xs []act.Example
	for _, fs := range rules.Features(a, d) {
		xs = append(xs, act.Example{Features: fs, Act: rapporteur.ActAssert})
	}
	m, err := act.Train(xs, act.TrainOptions{Epochs: 10, Seed: 1, L2: 1e-4})
	if err != nil {
		t.Fatal(err)
	}
	got := rules.WithModel(m).AnnotateDoc(a, d)
	if want := byRules.Statements[0].Act; got.Statements[0].Act != want {
		t.Errorf("with the model: %s, want the rules' %s", got.Statements[0].Act, want)
	}
}
