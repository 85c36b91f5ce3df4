package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// rekeyLogEvery is how often a re-key's progress is logged when stderr is
// no terminal (a service's journal, a container log).
const rekeyLogEvery = 30 * time.Second

// withRekeyProgress returns ctx carrying a report of the store's re-key of
// its speakers, which opening a store keyed with older registry rules
// runs (and `corrections apply --all`): a progress bar on a terminal, a
// line every rekeyLogEvery otherwise. The re-key goes in batches of
// rapporteur.DefaultRekeyBatch articles, each its own transaction, so an
// interrupted one goes on where it stopped when the store is opened again.
func withRekeyProgress(ctx context.Context, stderr io.Writer) context.Context {
	f, ok := stderr.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	var bar *progressbar.ProgressBar
	var start, logged time.Time
	var from int64
	return rapporteur.WithRekeyOptions(ctx, rapporteur.RekeyOptions{Progress: func(done, total int64) {
		if total == 0 {
			return // a new store: nothing to re-key, nothing to say
		}
		now := time.Now()
		if start.IsZero() {
			start, logged, from = now, now, done
			if done < total {
				what := "re-keying every speaker from the statements"
				if done > 0 {
					what = "going on with the interrupted re-key of the speakers"
				}
				fmt.Fprintf(stderr, "%s: %d articles, %d per transaction; an interrupted run goes on where it stopped\n",
					what, total, rapporteur.DefaultRekeyBatch)
			}
			if tty {
				bar = progressbar.NewOptions64(total,
					progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription("re-keying speakers"),
					progressbar.OptionShowCount(),
					progressbar.OptionShowIts(),
					progressbar.OptionSetItsString("articles"),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionSetWidth(30),
				)
			}
		}
		if bar != nil {
			bar.ChangeMax64(total)
			_ = bar.Set64(done)
			if done >= total {
				_ = bar.Finish()
				fmt.Fprintln(stderr)
			}
		} else if done >= total || now.Sub(logged) >= rekeyLogEvery {
			logged = now
			rate := float64(done-from) / max(now.Sub(start).Seconds(), 1e-3)
			fmt.Fprintf(stderr, "re-keying speakers: %d of %d articles (%.0f%%), %.0f articles/s\n",
				done, total, 100*float64(done)/float64(max(total, 1)), rate)
		}
		if done >= total && done > from {
			fmt.Fprintf(stderr, "re-keyed the speakers of %d articles in %s\n", done-from, now.Sub(start).Round(time.Second))
		}
	}})
}
