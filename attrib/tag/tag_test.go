package tag

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// ewt returns the path of an EWT file in ../shared beside the repository,
// skipping the test when the shared data is not there.
func ewt(tb testing.TB, name string) string {
	tb.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "ud-english-ewt", name)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("%s not found: this test reads UD English EWT in ../shared beside the repository", path)
	}
	return path
}

// Sentences written for these tests (not from any corpus), with the tags
// UD's guidelines give them.
var golden = []struct{ text, tags string }{
	{"The minister said on Tuesday that the report was wrong .",
		"DET NOUN VERB ADP PROPN SCONJ DET NOUN AUX ADJ PUNCT"},
	{"\" We do n't accept these claims , \" she told reporters in Geneva .",
		"PUNCT PRON AUX PART VERB DET NOUN PUNCT PUNCT PRON VERB NOUN ADP PROPN PUNCT"},
	{"According to the agency , three people were killed .",
		"VERB ADP DET NOUN PUNCT NUM NOUN AUX VERB PUNCT"},
	{"Maria Lopez , a spokeswoman for the company , denied it .",
		"PROPN PROPN PUNCT DET NOUN ADP DET NOUN PUNCT VERB PRON PUNCT"},
	{"He will probably call you back tomorrow .",
		"PRON AUX ADV VERB PRON ADV NOUN PUNCT"},
	{"I have two cats and a very old dog .",
		"PRON VERB NUM NOUN CCONJ DET ADV ADJ NOUN PUNCT"},
}

func TestDefaultGolden(t *testing.T) {
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range golden {
		words := strings.Fields(g.text)
		want := strings.Fields(g.tags)
		if len(words) != len(want) {
			t.Fatalf("%q: %d words, %d tags", g.text, len(words), len(want))
		}
		got := tg.Tag(words)
		if strings.Join(got, " ") != g.tags {
			t.Errorf("%s\n got  %s\n want %s", g.text, strings.Join(got, " "), g.tags)
		}
	}
}

func TestTagEdges(t *testing.T) {
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := tg.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %q", got)
	}
	// Odd words get a tag each, never a panic: empty, invalid UTF-8,
	// non-Latin, very long.
	words := []string{"", "\xff\xfe", "北京", "Ελλάδα", strings.Repeat("a", 10000), "e-mail", "1,000.5", "🙂"}
	if got := tg.Tag(words); len(got) != len(words) {
		t.Errorf("Tag gave %d tags for %d words", len(got), len(words))
	}
}

// The tagger is shared by goroutines: they must all get the tags one
// goroutine gets (run with -race to check the scratch pool).
func TestTagConcurrent(t *testing.T) {
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]string, len(golden))
	for i, g := range golden {
		want[i] = tg.Tag(strings.Fields(g.text))
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				for i, g := range golden {
					if got := tg.Tag(strings.Fields(g.text)); strings.Join(got, " ") != strings.Join(want[i], " ") {
						t.Errorf("concurrent Tag(%q) = %q, want %q", g.text, got, want[i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// devFloor is a little under the measured EWT dev accuracy of the
// shipped model (0.9524), so that a worse retrained model fails.
const devFloor = 0.950

func TestDefaultEWTDev(t *testing.T) {
	path := ewt(t, "en_ewt-ud-dev.conllu")
	dev, err := ReadCoNLLUFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	right, total := Accuracy(tg, dev)
	acc := float64(right) / float64(total)
	t.Logf("EWT dev UPOS accuracy %.4f (%d of %d)", acc, right, total)
	if acc < devFloor {
		t.Errorf("EWT dev UPOS accuracy %.4f, below the floor %.3f", acc, devFloor)
	}
}

// trainSet is a small tagged corpus written for the tests.
func trainSet() []Sentence {
	raw := []string{
		"the/DET cat/NOUN sat/VERB on/ADP the/DET mat/NOUN ./PUNCT",
		"a/DET dog/NOUN barked/VERB loudly/ADV ./PUNCT",
		"she/PRON said/VERB that/SCONJ the/DET dog/NOUN ran/VERB ./PUNCT",
		"Anna/PROPN told/VERB reporters/NOUN it/PRON was/AUX false/ADJ ./PUNCT",
		"they/PRON will/AUX deny/VERB the/DET claims/NOUN ./PUNCT",
		"the/DET old/ADJ report/NOUN was/AUX published/VERB in/ADP May/PROPN ./PUNCT",
		"he/PRON reads/VERB two/NUM books/NOUN and/CCONJ a/DET paper/NOUN ./PUNCT",
	}
	var out []Sentence
	for range 5 {
		for _, r := range raw {
			var s Sentence
			for _, wt := range strings.Fields(r) {
				i := strings.LastIndexByte(wt, '/')
				s.Words = append(s.Words, wt[:i])
				s.UPOS = append(s.UPOS, wt[i+1:])
				s.XPOS = append(s.XPOS, "_")
			}
			out = append(out, s)
		}
	}
	return out
}

func modelBytes(t *testing.T, tg *Tagger) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := tg.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Errorf("WriteTo returned %d, wrote %d", n, b.Len())
	}
	return b.Bytes()
}

// Training twice on the same data gives the same bytes, and the loaded
// model tags as the trained one.
func TestTrainDeterministic(t *testing.T) {
	opts := Options{Epochs: 5, MinUpdates: 1, DictMinCount: 10, Info: "test"}
	a, err := Train(context.Background(), trainSet(), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(context.Background(), trainSet(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ba, bb := modelBytes(t, a), modelBytes(t, b)
	if !bytes.Equal(ba, bb) {
		t.Fatalf("two trainings wrote different models (%d and %d bytes)", len(ba), len(bb))
	}
	c, err := Load(bytes.NewReader(ba))
	if err != nil {
		t.Fatal(err)
	}
	if c.Info() != "test" || strings.Join(c.Labels(), " ") != strings.Join(a.Labels(), " ") {
		t.Errorf("loaded info %q labels %q, want %q %q", c.Info(), c.Labels(), "test", a.Labels())
	}
	for _, s := range trainSet()[:7] {
		ta, tc := a.Tag(s.Words), c.Tag(s.Words)
		if strings.Join(ta, " ") != strings.Join(tc, " ") {
			t.Errorf("trained tags %q, loaded tags %q", ta, tc)
		}
		if strings.Join(ta, " ") != strings.Join(s.UPOS, " ") {
			t.Errorf("%q: tags %q, want the training tags %q", s.Words, ta, s.UPOS)
		}
	}
	if !bytes.Equal(modelBytes(t, c), ba) {
		t.Error("a loaded model does not write the bytes it was read from")
	}
}

func TestTrainErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Train(ctx, nil, Options{}); err == nil {
		t.Error("Train(nil) succeeded")
	}
	bad := []Sentence{{Words: []string{"a", "b"}, UPOS: []string{"DET"}}}
	if _, err := Train(ctx, bad, Options{}); err == nil {
		t.Error("Train with fewer tags than words succeeded")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Train(cancelled, trainSet(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Train on a cancelled context: %v", err)
	}
}

// A file that is not a whole model of this feature set is an ErrModel
// error, never a panic or a half-working tagger.
func TestLoadErrors(t *testing.T) {
	tg, err := Train(context.Background(), trainSet(), Options{Epochs: 2})
	if err != nil {
		t.Fatal(err)
	}
	good := modelBytes(t, tg)
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(mustGunzip(t, good)); err != nil {
		t.Fatal(err)
	}
	plain := raw.Bytes()
	if _, err := Load(bytes.NewReader(plain)); err != nil {
		t.Fatalf("uncompressed model: %v", err)
	}
	otherHash := bytes.Clone(plain)
	otherHash[len(magic)+4] ^= 1
	otherVersion := bytes.Clone(plain)
	otherVersion[len(magic)] = 99
	cases := map[string][]byte{
		"empty":               nil,
		"not a model":         []byte("hello, world"),
		"wrong magic":         append([]byte("RPTRTAG?"), plain[len(magic):]...),
		"other version":       otherVersion,
		"other feature set":   otherHash,
		"truncated":           plain[:len(plain)/2],
		"truncated gzip":      good[:len(good)-10],
		"no end mark":         plain[:len(plain)-len(endMark)],
		"data after the end":  append(bytes.Clone(plain), 0),
		"gzip of not a model": gz(t, []byte("hello, world")),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load(bytes.NewReader(b))
			if !errors.Is(err, ErrModel) {
				t.Errorf("Load = %v, want ErrModel", err)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	tg, err := Train(context.Background(), trainSet()[:7], Options{Epochs: 1})
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	tg.WriteTo(&b)
	var raw bytes.Buffer
	z, _ := gzipReader(b.Bytes())
	raw.ReadFrom(z)
	f.Add(raw.Bytes())
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		tg, err := Load(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrModel) {
				t.Fatalf("error %v does not wrap ErrModel", err)
			}
			return
		}
		// A model that loads must tag without panicking.
		words := []string{"The", "cat", "sat", "."}
		if got := tg.Tag(words); len(got) != len(words) {
			t.Fatalf("%d tags for %d words", len(got), len(words))
		}
	})
}

func TestDefaultOnce(t *testing.T) {
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Default()
	if a != b {
		t.Error("Default decoded the model twice")
	}
	if a.Features() == 0 || len(a.Labels()) < 17 {
		t.Errorf("default model: %d features, labels %q", a.Features(), a.Labels())
	}
}

// benchWords are the golden sentences, repeated: news-like text.
func benchSentences() [][]string {
	var out [][]string
	for _, g := range golden {
		out = append(out, strings.Fields(g.text))
	}
	return out
}

// BenchmarkTag reports tokens per second of one goroutine; allocs/op
// counts AppendTags into a reused slice, which should allocate nothing.
func BenchmarkTag(b *testing.B) {
	tg, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	sents := benchSentences()
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	var dst []string
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		for _, s := range sents {
			dst = tg.AppendTags(dst[:0], s)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "tokens/s")
}

// BenchmarkTagEWTDev tags all of EWT dev per iteration, with Tag (one
// result slice per sentence).
func BenchmarkTagEWTDev(b *testing.B) {
	dev, err := ReadCoNLLUFile(ewt(b, "en_ewt-ud-dev.conllu"))
	if err != nil {
		b.Fatal(err)
	}
	tg, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, s := range dev {
		n += len(s.Words)
	}
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		for _, s := range dev {
			tg.Tag(s.Words)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "tokens/s")
}

// BenchmarkLoad is the cost of Default's first call.
func BenchmarkLoad(b *testing.B) {
	data, err := modelFS.ReadFile(DefaultModel)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPackedScoresExact checks that scoring over the packed rows gives, at
// every position of EWT dev, the label the int16 rows of the model file
// give (the sums are exact, so it always should): tagging is the same as
// before the packed rows, word for word. The embedded model packs three
// labels to a word; a copy with a weight of -32768 takes the 32-bit lanes.
func TestPackedScoresExact(t *testing.T) {
	dev, err := ReadCoNLLUFile(ewt(t, "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	wide := &Tagger{labels: tg.labels, dictKeys: tg.dictKeys, dictLabels: tg.dictLabels,
		lexKeys: tg.lexKeys, lexMasks: tg.lexMasks, featKeys: tg.featKeys, w: slices.Clone(tg.w)}
	// The weight of the most frequent tag under the bias feature, so
	// that the extreme weight takes part in every score.
	bias, _ := slices.BinarySearch(tg.featKeys, key(0))
	wide.w[bias*tg.nl] = -32768
	wide.build()
	for _, c := range []struct {
		tg   *Tagger
		bits uint
	}{{tg, 21}, {wide, 32}} {
		if c.tg.laneBits != c.bits {
			t.Fatalf("lanes of %d bits, want %d", c.tg.laneBits, c.bits)
		}
		n := packedAgree(t, c.tg, dev)
		t.Logf("%d-bit lanes: %d positions agree", c.bits, n)
	}
}

// packedAgree compares predict with the int16 rows at every position of
// sents, and returns how many it compared.
func packedAgree(t *testing.T, tg *Tagger, sents []Sentence) int {
	t.Helper()
	// reference is predict as written before the packed rows.
	reference := func(toks []token, i, p1, p2 int, f *[nTemplates]uint64) int {
		if y, ok := tg.dict.get(toks[i].raw); ok {
			return int(tg.dictLabels[y])
		}
		features(toks, i, p1, p2, f)
		sc := make([]int32, tg.nl)
		for _, k := range f {
			if r, ok := slices.BinarySearch(tg.featKeys, k); ok {
				for j, v := range tg.w[r*tg.nl : (r+1)*tg.nl] {
					sc[j] += int32(v)
				}
			}
		}
		best := 0
		for j, v := range sc {
			if v > sc[best] {
				best = j
			}
		}
		return best
	}
	n := 0
	for _, s := range sents {
		toks := tokenize(nil, s.Words, &tg.lex, tg.lexMasks)
		p1, p2 := start1, start2
		var f [nTemplates]uint64
		for i := range toks {
			want := reference(toks, i, p1, p2, &f)
			// Another label as the previous one too, not only the one
			// chosen, so that more feature rows are summed.
			for _, q := range []int{p1, (p1 + 5) % tg.nl} {
				if got, ref := tg.predict(toks, i, q, p2, &f), reference(toks, i, q, p2, &f); got != ref {
					t.Fatalf("%q word %d (%q): packed rows give %s, int16 rows %s", strings.Join(s.Words, " "), i, s.Words[i], tg.labels[got], tg.labels[ref])
				}
				n++
			}
			p2, p1 = p1, want
		}
	}
	return n
}
