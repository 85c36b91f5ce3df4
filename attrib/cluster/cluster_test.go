package cluster

import (
	"bytes"
	"fmt"
	"math/bits"
	"strings"
	"testing"
)

// corpus is text written for this test: verbs of saying and animals in
// their own contexts.
func corpus() *Builder {
	b := NewBuilder()
	subj := []string{"The minister", "She", "He", "The mayor", "A spokesman", "The union"}
	says := []string{"said", "claimed", "argued", "insisted", "stated"}
	animals := []string{"cat", "dog", "horse", "goat", "sheep"}
	moves := []string{"ran", "jumped", "walked", "slept", "sat"}
	for i := range 400 {
		b.Add(fmt.Sprintf("%s %s that the plan would fail in 2019. The %s %s near the old barn.",
			subj[i%len(subj)], says[i%len(says)], animals[(i/3)%len(animals)], moves[(i/7)%len(moves)]))
	}
	return b
}

// shared returns how many leading bits two words' paths share.
func shared(t *testing.T, tab *Table, a, b string) int {
	t.Helper()
	pa, ok1 := tab.Lookup(a)
	pb, ok2 := tab.Lookup(b)
	if !ok1 || !ok2 {
		t.Fatalf("missing %q (%v) or %q (%v)", a, ok1, b, ok2)
	}
	n := min(pa&0xff, pb&0xff)
	x := (pa >> 8) ^ (pb >> 8)
	return min(int(n), bits.LeadingZeros32(x)-(32-MaxDepth))
}

func TestWordsUsedAlikeShareClusters(t *testing.T) {
	tab, err := corpus().Build(Options{MinCount: 2, Dims: 8, Contexts: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := shared(t, tab, "said", "claimed"); got <= shared(t, tab, "said", "dog") {
		t.Errorf("said/claimed share %d bits, said/dog %d", got, shared(t, tab, "said", "dog"))
	}
	if got := shared(t, tab, "cat", "goat"); got <= shared(t, tab, "cat", "argued") {
		t.Errorf("cat/goat share %d bits, cat/argued %d", got, shared(t, tab, "cat", "argued"))
	}
	if _, ok := tab.Lookup("zebra"); ok {
		t.Error("a word never read has a cluster")
	}
	if _, ok := tab.Lookup(Key("2019")); !ok {
		t.Error("a number is not looked up by its folded digits")
	}
}

func TestBuildDeterministicAndRoundTrip(t *testing.T) {
	var files [2][]byte
	for i := range files {
		tab, err := corpus().Build(Options{MinCount: 2, Dims: 8, Contexts: 50, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := tab.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		files[i] = b.Bytes()
		back, err := Read(bytes.NewReader(files[i]))
		if err != nil {
			t.Fatal(err)
		}
		if back.Len() != tab.Len() || back.Sum() != tab.Sum() {
			t.Errorf("read back %d words (sum %x), wrote %d (%x)", back.Len(), back.Sum(), tab.Len(), tab.Sum())
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two builds of the same text wrote different tables")
	}
}

func TestPrefix(t *testing.T) {
	p := uint32(0b1011_0000_0000_0000)<<8 | 4 // path 1011, 4 bits
	for _, c := range []struct {
		n    int
		want uint32
	}{{2, 0b10<<5 | 2}, {4, 0b1011<<5 | 4}, {8, 0b1011<<5 | 4}} {
		if got := Prefix(p, c.n); got != c.want {
			t.Errorf("Prefix(1011, %d) = %b, want %b", c.n, got, c.want)
		}
	}
}

func TestReadRefusesBadTables(t *testing.T) {
	tab, err := corpus().Build(Options{MinCount: 2, Dims: 8, Contexts: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	tab.WriteTo(&b)
	good := b.Bytes()
	for name, data := range map[string][]byte{
		"empty":     nil,
		"not magic": []byte("RAPSPAN1........"),
		"truncated": good[:len(good)-3],
	} {
		if _, err := Read(bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), "word clusters") {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if _, err := NewBuilder().Build(Options{}); err != ErrTooLittle {
		t.Errorf("no text: err %v", err)
	}
}

func FuzzRead(f *testing.F) {
	tab, err := corpus().Build(Options{MinCount: 2, Dims: 8, Contexts: 50, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	tab.WriteTo(&b)
	f.Add(b.Bytes())
	f.Add([]byte(magic + "\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Read(bytes.NewReader(data))
		if err == nil {
			tab.Lookup("said")
		}
	})
}

// TestBuildFewerWordsThanDims: a text with fewer words than the
// dimensions asked still clusters (a user's small corpus).
func TestBuildFewerWordsThanDims(t *testing.T) {
	tab, err := corpus().Build(Options{MinCount: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tab.Lookup("said"); !ok || tab.Len() < 10 {
		t.Errorf("%d words; said found: %v", tab.Len(), ok)
	}
}
