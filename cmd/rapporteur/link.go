package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/story"
	"github.com/rapporteur/rapporteur/thread"
)

// LinkCommand is `rapporteur link`: near-duplicates and stories of a batch
// of articles, with the code the server runs as articles arrive.
type LinkCommand struct{ Main *Main }

// Usage returns the help text.
func (c *LinkCommand) Usage() string {
	return `usage: rapporteur link [options] --jsonl FILE|-

Link reads articles as JSON Lines, in any order (the order they arrived,
a crawl, a backlog newest first), and says for each whether it is a copy
of another (the same wire story) and which story (the coverage of one
event) it belongs to. Copies come out the same whatever the order;
stories nearly so.

The batch is linked in publication order (undated articles last), so
the output is the same whatever the order of the input lines.

Each input line is a JSON object {"id", "title"?, "text" or "html", "url"?,
"published"?}, as for "rapporteur extract --jsonl", where "published" is a
date (2006-01-02) or a time (RFC 3339); an article without one is undated:
compared by content with articles of every date, never the original of a
dated copy. The articles are extracted and attributed, then
linked one after the other.

One line is printed per input line, in input order:
  {"id": …, "duplicate_of": "<id of the copy published first>" or null,
   "story": "<story id>", "storyline": "<storyline id>"}
A story's ID is the ID of its first article; when two stories merge, all
their articles are printed with the ID of the older one. A storyline is
the level above stories (events that follow from each other: a pullout,
then the first attack after it); its ID is the ID of its story that
began first, the story's own ID when it is a storyline alone. A line that cannot
be read yields {"id", "line", "code", "error"} and the batch goes on.

With --threads, each line also carries the article's "statements" with
their "act", "target" and "responds_to", where responds_to may name a
statement of an earlier article of the same story ({"article": id,
"statement": index}): the replies across a story's articles that the
server's Thread view shows (package thread), wire copies folded into
their original. The copies themselves keep their replies within.

Options:
  --jsonl FILE      the input ("-" for stdin)
  --threads         print statements with acts and replies across articles
  --max-bytes N     refuse JSON Lines records over N bytes (default 20971520)
  --workers N       extraction workers (default: the number of CPUs Go may use)
` + modelUsage(20)
}

// linkOutput is one output line.
type linkOutput struct {
	ID          string  `json:"id"`
	DuplicateOf *string `json:"duplicate_of"`
	Story       string  `json:"story"`
	Storyline   string  `json:"storyline"`
	// Statements are printed with --threads.
	Statements *[]rapporteur.Statement `json:"statements,omitempty"`
}

// Run runs the command.
func (c *LinkCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	jsonl := fs.String("jsonl", "", "")
	threads := fs.Bool("threads", false, "")
	maxBytes := fs.Int64("max-bytes", intake.DefaultMaxBytes, "")
	var models modelFlags
	models.register(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *jsonl == "" || len(pos) != 0:
		return errUsage
	case *maxBytes <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "link: --max-bytes must be positive")
	case *workers <= 0:
		return rapporteur.Errorf(rapporteur.EINVALID, "link: --workers must be positive")
	}
	var r io.Reader = c.Main.Stdin
	if *jsonl != "-" {
		f, err := intake.OpenFile(*jsonl)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	p, err := c.Main.stages(&models)
	if err != nil {
		return err
	}
	// Linking reads the records' own text: nothing is fetched.
	in := &intake.Intake{Pipeline: p, MaxBytes: *maxBytes}
	l, err := story.New(story.Config{})
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "link: %w", err)
	}
	n, failed, err := linkBatch(ctx, in, l, r, c.Main.Stdout, *workers, *threads)
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(c.Main.Stderr, "rapporteur: link: %d of %d records could not be read; see their \"error\" lines\n", failed, n)
	}
	return nil
}

// linkRecordResult is one record prepared for linking, or its error line.
type linkRecordResult struct {
	prep story.Prepared
	err  []byte
}

// linkBatch extracts the records of r in parallel, links them in input
// order, and prints one line per record once all are linked (a story's ID
// is only final when its merges are known). It returns the number of
// records and of failed ones.
func linkBatch(ctx context.Context, in *intake.Intake, l *story.Linker, r io.Reader, w io.Writer, workers int, threads bool) (n, failed int, err error) {
	type result struct {
		prep story.Prepared
		link story.Link
		err  []byte
		// art keeps the article's id, date and statements for --threads.
		art rapporteur.Article
	}
	var results []result
	err = intake.Ordered(ctx, r, in.Limit(), workers, 4*workers,
		func(line intake.Line) linkRecordResult { return linkRecord(ctx, in, l, line) },
		func(res linkRecordResult, _ bool) error {
			n++
			if res.err != nil {
				failed++
			}
			results = append(results, result{prep: res.prep, err: res.err})
			return nil
		})
	if errors.Is(err, context.Canceled) {
		return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "link: interrupted after %d records", n)
	} else if err != nil {
		return n, failed, err
	}
	// The whole batch is known: it is linked in publication order, so
	// that the output does not depend on the order of the input.
	order := make([]int, 0, len(results))
	for i, res := range results {
		if res.err == nil {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return story.Chronological(results[i].prep.Article(), results[j].prep.Article())
	})
	for _, i := range order {
		if threads {
			a := results[i].prep.Article()
			results[i].art = rapporteur.Article{ID: a.ID, Published: a.Published, Statements: a.Statements}
		}
		results[i].link = l.Commit(results[i].prep)
		results[i].prep = story.Prepared{}
	}
	var across map[[2]int]rapporteur.Reply // (result, statement) → what it answers
	if threads {
		arts := make([]threadArticle, len(results))
		for i, res := range results {
			if res.err != nil {
				continue
			}
			k := res.link
			if cur, ok := l.LinkOf(k.ID); ok {
				k = cur
			}
			arts[i] = threadArticle{a: res.art, story: l.Resolve(k.Story), copy: k.DuplicateOf != "", ok: true}
		}
		across = threadBatch(arts)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for idx, res := range results {
		data := res.err
		if data == nil {
			// The links as they are once every article is in: an
			// original that came after its copies is named now.
			k := res.link
			if cur, ok := l.LinkOf(k.ID); ok {
				k = cur
			}
			out := linkOutput{ID: k.ID, Story: l.Resolve(k.Story), Storyline: l.Storyline(k.Story)}
			if k.DuplicateOf != "" {
				out.DuplicateOf = &k.DuplicateOf
			}
			if threads {
				sts := slices.Clone(res.art.Statements)
				if sts == nil {
					sts = []rapporteur.Statement{}
				}
				for j := range sts {
					if r, ok := across[[2]int{idx, j}]; ok {
						sts[j].RespondsTo = append(slices.Clone(sts[j].RespondsTo), r)
					}
				}
				out.Statements = &sts
			}
			if data, err = encodeJSON(out, false); err != nil {
				return n, failed, err
			}
		}
		if _, err := bw.Write(data); err != nil {
			return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "write output: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return n, failed, rapporteur.Errorf(rapporteur.EINTERNAL, "write output: %w", err)
	}
	return n, failed, nil
}

// linkRecord extracts and prepares one record, or gives its error line.
func linkRecord(ctx context.Context, in *intake.Intake, l *story.Linker, line intake.Line) linkRecordResult {
	a, err := readLinkRecord(ctx, in, line)
	if err != nil {
		return linkRecordResult{err: errorLine(a.ID, line.N, err)}
	}
	return linkRecordResult{prep: l.Prepare(a)}
}

// readLinkRecord reads one JSON Lines record and runs the pipeline on it.
// The returned article carries the record's ID even on error.
func readLinkRecord(ctx context.Context, in *intake.Intake, line intake.Line) (rapporteur.Article, error) {
	rec, err := line.Decode(in.Limit())
	if err != nil {
		return rapporteur.Article{ID: rec.ID}, err
	}
	if rec.ID == "" {
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "line %d has no \"id\": linking needs one to refer to the article", line.N)
	}
	a, err := in.Record(ctx, rec)
	if err != nil {
		return a, intake.Prefix("line "+strconv.Itoa(line.N), err)
	}
	return a, nil
}

// threadArticle is an article of a --threads batch: its statements, its
// story and whether it is a wire copy (whose statements fold into its
// original's, as in the store).
type threadArticle struct {
	a     rapporteur.Article
	story string
	copy  bool
	ok    bool
}

// threadBatch links the statements of each story across its articles
// with package thread, as the server does when the articles are stored,
// and returns each answering statement's reply by (article index,
// statement index).
func threadBatch(arts []threadArticle) map[[2]int]rapporteur.Reply {
	type ref struct{ art, st int }
	refs := map[int64]ref{}
	byStory := map[string][]*thread.Node{}
	for i, x := range arts {
		if !x.ok || x.copy {
			continue
		}
		var t time.Time
		if x.a.Published != nil {
			t = *x.a.Published
		}
		for j, st := range x.a.Statements {
			id := int64(len(refs) + 1)
			n := &thread.Node{ID: id, Article: int64(i + 1), Time: t, Key: x.a.ID, Index: j, Act: st.Act,
				Speaker: st.Speaker.Name, SpeakerType: st.Speaker.Type, Affiliation: st.Speaker.Affiliation,
				Role: st.Speaker.Role, Answered: len(st.RespondsTo) > 0, Content: st.Content.Text}
			if st.Target != nil {
				n.Target = st.Target.Name
			}
			if !thread.Answerable(n) {
				continue
			}
			refs[id] = ref{i, j}
			byStory[x.story] = append(byStory[x.story], n)
		}
	}
	out := map[[2]int]rapporteur.Reply{}
	for _, nodes := range byStory {
		for _, l := range thread.Links(nodes) {
			from, to := refs[l.From], refs[l.To]
			out[[2]int{from.art, from.st}] = rapporteur.Reply{Article: arts[to.art].a.ID, Statement: to.st}
		}
	}
	return out
}
