package syndicate

import (
	"reflect"
	"strings"
	"testing"
)

func corpus() []Original {
	var out []Original
	for i, s := range []string{
		"The harbour authority closed the northern terminal on Tuesday. A crane collapsed onto a ship during a storm. Two workers were hurt. The minister promised an inquiry. Unions had warned about the cranes for years. Ships will be diverted to the southern terminal.",
		"The council voted to build a library on the site of the old bus station. Supporters said it would revive the centre. Opponents wanted the money for roads. Work begins next year and takes three years.",
		"Farmers protested in the capital against new water rules. They drove tractors to the ministry. The government said it would meet their leaders on Friday. Traffic was blocked for hours.",
	} {
		out = append(out, Original{ID: "o" + string(rune('1'+i)), Title: "Title " + string(rune('A'+i)), Date: "2024-03-0" + string(rune('1'+i)), Text: s})
	}
	return out
}

// TestGenerate: a seed gives the same simulation every time; copies come
// after their originals, carry their ID in the gold, and keep most of
// its words.
func TestGenerate(t *testing.T) {
	lv := DefaultLevels
	lv.CopyRate = 1
	in1, gold1 := Generate(corpus(), lv, 7)
	in2, gold2 := Generate(corpus(), lv, 7)
	if !reflect.DeepEqual(in1, in2) || !reflect.DeepEqual(gold1, gold2) {
		t.Fatal("the same seed gave two simulations")
	}
	if in3, _ := Generate(corpus(), lv, 8); reflect.DeepEqual(in1, in3) {
		t.Error("another seed gave the same simulation")
	}
	seen := map[string]string{}
	for _, o := range corpus() {
		seen[o.ID] = o.Text
	}
	copies := 0
	for i, g := range gold1 {
		if g.ID != in1[i].ID {
			t.Fatalf("gold line %d is %s, input %s", i, g.ID, in1[i].ID)
		}
		if g.DuplicateOf == nil {
			continue
		}
		copies++
		orig, ok := seen[*g.DuplicateOf]
		if !ok || in1[i].Published < "2024-03-01" {
			t.Errorf("%s copies %s, which is unknown", g.ID, *g.DuplicateOf)
		}
		kept := 0
		ws := strings.Fields(orig)
		for _, w := range ws {
			if strings.Contains(in1[i].Text, w) {
				kept++
			}
		}
		if kept < len(ws)/3 {
			t.Errorf("%s keeps %d of %d words of its original:\n%s", g.ID, kept, len(ws), in1[i].Text)
		}
	}
	if copies < 3 {
		t.Errorf("%d copies of 3 syndicated originals", copies)
	}
}

func TestSentences(t *testing.T) {
	got := sentences(`Mr. Smith met U.S. officials. "It went well," he said. Then he left! Was it over? Yes.`)
	want := []string{"Mr. Smith met U.S. officials.", `"It went well," he said.`, "Then he left!", "Was it over?", "Yes."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}
