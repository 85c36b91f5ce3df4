// Package syndicate simulates wire syndication: from a corpus of original
// articles it derives the copies that outlets publish of one agency story,
// with the edits they make (new headlines, trimmed or added paragraphs,
// page furniture, their own credit lines, reordered paragraphs, typos and
// spelling variants), seeded so that a run is reproducible. It writes the
// input of `rapporteur link --jsonl` and the gold of `rapporteur eval
// stories`.
package syndicate

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Levels are the edit rates. Probabilities are per copy unless said.
type Levels struct {
	// CopyRate is the share of originals that are syndicated at all.
	CopyRate float64 `json:"copy_rate"`
	// MeanCopies is the mean number of copies of a syndicated original
	// (1 + a geometric number).
	MeanCopies float64 `json:"mean_copies"`
	// Headline is the chance that a copy gets a rewritten headline.
	Headline float64 `json:"headline"`
	// Trim is the chance that a copy drops paragraphs from its end;
	// MinKeep is the least share of paragraphs it keeps.
	Trim    float64 `json:"trim"`
	MinKeep float64 `json:"min_keep"`
	// Drop is the chance that a copy drops one paragraph from the middle.
	Drop float64 `json:"drop"`
	// Add is the chance that a copy adds a paragraph of its own.
	Add float64 `json:"add"`
	// Furniture is the chance that a copy carries page furniture lines.
	Furniture float64 `json:"furniture"`
	// Reorder is the chance that two paragraphs change places.
	Reorder float64 `json:"reorder"`
	// Typo is the chance, per word of four letters or more, of a typo.
	Typo float64 `json:"typo"`
	// Spelling is the chance that a copy uses British spellings.
	Spelling float64 `json:"spelling"`
	// Credit is the chance that a copy has a credit line (a dateline
	// "(AP) —", "Source: …", "Reporting by …").
	Credit float64 `json:"credit"`
	// MaxDelayDays is how many days after the original a copy may appear.
	MaxDelayDays int `json:"max_delay_days"`
}

// DefaultLevels are what an outlet does to wire copy on an ordinary day:
// most copies get their own headline and credit line, half are cut to
// length from the bottom (news is written so that the end can go), a few
// drop a paragraph in the middle, add a local paragraph or swap two, most
// web pages add furniture, and copy-editing leaves a typo every few
// hundred words. Half of the outlets spell the British way.
var DefaultLevels = Levels{
	CopyRate: 0.4, MeanCopies: 2.5, Headline: 0.8, Trim: 0.5, MinKeep: 0.5, Drop: 0.15,
	Add: 0.3, Furniture: 0.6, Reorder: 0.15, Typo: 0.005, Spelling: 0.5, Credit: 0.9, MaxDelayDays: 2,
}

// Original is one article of the source corpus.
type Original struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Date  string `json:"date"` // YYYY-MM-DD
	Text  string `json:"text"`
}

// Input is one line of the generated input.
type Input struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"`
}

// Gold is one line of the generated gold: for a copy, its original. It
// has no story label: the simulator knows which articles are copies of
// one wire text, not which originals cover the same event.
type Gold struct {
	ID          string  `json:"id"`
	DuplicateOf *string `json:"duplicate_of"`
}

//go:embed furniture.txt
var furnitureFile string

//go:embed spelling.txt
var spellingFile string

func dataLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// agencies are credit forms: the agency's short and long name.
var agencies = [][2]string{
	{"AP", "Associated Press"}, {"Reuters", "Reuters"}, {"AFP", "Agence France-Presse"},
	{"dpa", "Deutsche Presse-Agentur"}, {"Xinhua", "Xinhua"}, {"UPI", "United Press International"},
}

// Generate derives the copies of the originals and returns the input and
// gold lines in publication order (originals before their copies).
func Generate(origs []Original, lv Levels, seed uint64) ([]Input, []Gold) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &gen{rng: rng, lv: lv, furniture: dataLines(furnitureFile), spell: map[string]string{}}
	for _, l := range dataLines(spellingFile) {
		us, uk, _ := strings.Cut(l, "|")
		g.spell[us] = uk
	}
	type item struct {
		in   Input
		gold Gold
		day  string
		seq  int
	}
	var items []item
	for i, o := range origs {
		items = append(items, item{in: Input{ID: o.ID, Title: o.Title, Text: o.Text, Published: o.Date}, gold: Gold{ID: o.ID}, day: o.Date, seq: len(items)})
		if rng.Float64() >= lv.CopyRate {
			continue
		}
		n := 1
		for rng.Float64() < 1-1/lv.MeanCopies {
			n++
		}
		paras := paragraphs(o.Text, rng)
		for c := 1; c <= n; c++ {
			other := origs[rng.IntN(len(origs))]
			if other.ID == o.ID {
				other = origs[(i+1)%len(origs)]
			}
			title, text := g.copy(o, paras, other, origs)
			day := addDays(o.Date, rng.IntN(lv.MaxDelayDays+1))
			orig := o.ID
			items = append(items, item{
				in:   Input{ID: fmt.Sprintf("%s~copy%d", o.ID, c), Title: title, Text: text, Published: day},
				gold: Gold{ID: fmt.Sprintf("%s~copy%d", o.ID, c), DuplicateOf: &orig},
				day:  day, seq: len(items),
			})
		}
	}
	sort.SliceStable(items, func(a, b int) bool {
		if items[a].day != items[b].day {
			return items[a].day < items[b].day
		}
		return items[a].seq < items[b].seq
	})
	ins := make([]Input, len(items))
	golds := make([]Gold, len(items))
	for i, it := range items {
		ins[i], golds[i] = it.in, it.gold
	}
	return ins, golds
}

type gen struct {
	rng       *rand.Rand
	lv        Levels
	furniture []string
	spell     map[string]string
}

func (g *gen) p(x float64) bool { return g.rng.Float64() < x }

// copy makes one copy of o from its paragraphs.
func (g *gen) copy(o Original, paras []string, other Original, all []Original) (string, string) {
	ps := append([]string(nil), paras...)
	if g.p(g.lv.Trim) && len(ps) > 2 {
		keep := int(float64(len(ps))*(g.lv.MinKeep+(1-g.lv.MinKeep)*g.rng.Float64()) + 0.5)
		ps = ps[:max(keep, 1)]
	}
	if g.p(g.lv.Drop) && len(ps) > 3 {
		i := 1 + g.rng.IntN(len(ps)-2)
		ps = append(ps[:i], ps[i+1:]...)
	}
	if g.p(g.lv.Reorder) && len(ps) > 2 {
		i := 1 + g.rng.IntN(len(ps)-2)
		ps[i], ps[i+1] = ps[i+1], ps[i]
	}
	if g.p(g.lv.Add) {
		// A paragraph of the outlet's own: here, the words of a paragraph
		// of another article in a new order, so that it has the
		// vocabulary of news but shares no word sequence with any
		// article of the stream (a copied paragraph would make the copy
		// a partial duplicate of that other article too).
		op := paragraphs(other.Text, g.rng)
		w := strings.Fields(op[g.rng.IntN(len(op))])
		g.rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
		at := g.rng.IntN(len(ps) + 1)
		ps = append(ps[:at], append([]string{strings.Join(w, " ")}, ps[at:]...)...)
	}
	british := g.p(g.lv.Spelling)
	for i := range ps {
		ps[i] = g.edit(ps[i], british)
	}
	if g.p(g.lv.Credit) {
		ag := agencies[g.rng.IntN(len(agencies))]
		switch g.rng.IntN(4) {
		case 0:
			ps[0] = "(" + ag[0] + ") — " + ps[0]
		case 1:
			ps = append(ps, "Source: "+ag[1])
		case 2:
			ps = append(ps, fmt.Sprintf("Reporting by %s %c.; Editing by %s %c.", name(g.rng), 'A'+rune(g.rng.IntN(26)), name(g.rng), 'A'+rune(g.rng.IntN(26))))
		case 3:
			ps = append(ps, "© "+o.Date[:4]+" "+ag[1])
		}
	}
	if g.p(g.lv.Furniture) {
		var top, bottom []string
		for range 1 + g.rng.IntN(3) {
			top = append(top, g.furniture[g.rng.IntN(len(g.furniture))])
		}
		bottom = append(bottom, "Related Stories")
		for range 2 + g.rng.IntN(3) {
			bottom = append(bottom, all[g.rng.IntN(len(all))].Title)
		}
		bottom = append(bottom, g.furniture[g.rng.IntN(len(g.furniture))])
		if g.p(0.5) {
			ps = append(top, ps...)
		}
		ps = append(ps, bottom...)
	}
	title := o.Title
	if g.p(g.lv.Headline) {
		title = g.headline(o, paras)
	}
	return title, strings.Join(ps, "\n\n")
}

var firstNames = []string{"Maria", "David", "Anna", "James", "Li", "Fatima", "Peter", "Elena", "Omar", "Sarah"}

func name(rng *rand.Rand) string { return firstNames[rng.IntN(len(firstNames))] }

// headline rewrites a title as another desk would.
func (g *gen) headline(o Original, paras []string) string {
	switch g.rng.IntN(4) {
	case 0: // the lead sentence, cut to a headline
		w := strings.Fields(paras[0])
		return strings.TrimRight(strings.Join(w[:min(len(w), 6+g.rng.IntN(6))], " "), ",;:")
	case 1: // the title with a desk's tag
		tags := []string{"UPDATE: ", "UPDATE 2-", "BREAKING: ", "World: ", "Analysis: "}
		return tags[g.rng.IntN(len(tags))] + o.Title
	case 2: // the title in headline case, with the outlet's name
		return strings.ToUpper(o.Title[:1]) + o.Title[1:] + " | " + name(g.rng) + "'s Daily"
	default: // the title's words, shortened
		w := strings.Fields(o.Title)
		if len(w) > 4 {
			w = w[:len(w)-1-g.rng.IntN(len(w)/3)]
		}
		return strings.Join(w, " ")
	}
}

// edit applies typos and spellings to a paragraph.
func (g *gen) edit(p string, british bool) string {
	var b strings.Builder
	for i, w := range strings.Split(p, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		core, tail := splitPunct(w)
		if british {
			core = g.british(core)
		}
		if utf8.RuneCountInString(core) >= 4 && g.p(g.lv.Typo) {
			core = g.typo(core)
		}
		b.WriteString(core + tail)
	}
	return b.String()
}

func splitPunct(w string) (string, string) {
	i := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	return w[:i+1], w[i+1:]
}

// british spells a US word the British way: the pairs of spelling.txt,
// then the -ize family.
func (g *gen) british(w string) string {
	lw := strings.ToLower(w)
	if uk, ok := g.spell[lw]; ok {
		if w != lw {
			return strings.ToUpper(uk[:1]) + uk[1:]
		}
		return uk
	}
	for _, s := range [][2]string{{"ization", "isation"}, {"izations", "isations"}, {"ize", "ise"}, {"izes", "ises"}, {"ized", "ised"}, {"izing", "ising"}, {"yze", "yse"}, {"yzed", "ysed"}} {
		if strings.HasSuffix(w, s[0]) && len(w) > len(s[0])+2 {
			return strings.TrimSuffix(w, s[0]) + s[1]
		}
	}
	return w
}

// typo makes one keyboard slip: two letters swapped, one dropped or one
// doubled.
func (g *gen) typo(w string) string {
	r := []rune(w)
	i := 1 + g.rng.IntN(len(r)-2)
	switch g.rng.IntN(3) {
	case 0:
		r[i], r[i+1] = r[i+1], r[i]
	case 1:
		r = append(r[:i], r[i+1:]...)
	default:
		r = append(r[:i+1], r[i:]...)
	}
	return string(r)
}

// paragraphs splits a text into paragraphs: at blank lines when it has
// them, else (the tosca texts lost theirs) into runs of one to three
// sentences, as news paragraphs are.
func paragraphs(text string, rng *rand.Rand) []string {
	if strings.Contains(text, "\n\n") {
		var out []string
		for _, p := range strings.Split(text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	ss := sentences(text)
	var out []string
	for i := 0; i < len(ss); {
		n := 1 + rng.IntN(3)
		out = append(out, strings.Join(ss[i:min(i+n, len(ss))], " "))
		i += n
	}
	return out
}

// sentences splits at a full stop, question or exclamation mark (and a
// closing quote) followed by a space and a capital or a quote, unless the
// word before is an initial or an abbreviation with inner dots ("U.S.").
func sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i := 1; i+2 < len(rs); i++ {
		end := i
		if rs[i] == '"' || rs[i] == '”' {
			end = i - 1
		}
		if !strings.ContainsRune(".!?", rs[end]) || rs[i+1] != ' ' {
			continue
		}
		next := rs[i+2]
		if !unicode.IsUpper(next) && next != '"' && next != '“' {
			continue
		}
		// the word before the stop
		j := end
		for j > 0 && rs[j-1] != ' ' {
			j--
		}
		word := string(rs[j:end])
		if len([]rune(word)) <= 1 || strings.Contains(word, ".") || word == "Mr" || word == "Mrs" || word == "Dr" || word == "St" {
			continue
		}
		out = append(out, strings.TrimSpace(string(rs[start:i+1])))
		start = i + 2
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// addDays adds n days to a YYYY-MM-DD date.
func addDays(date string, n int) string {
	var y, m, d int
	fmt.Sscanf(date, "%d-%d-%d", &y, &m, &d)
	return time.Date(y, time.Month(m), d+n, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// ReadOriginals reads a JSON Lines corpus of {"id", "title", "date",
// "text"} (the wikinews-tosca file).
func ReadOriginals(path string) ([]Original, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read originals: %w", err)
	}
	var out []Original
	for i, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		var o Original
		if err := json.Unmarshal(l, &o); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
		out = append(out, o)
	}
	return out, nil
}
