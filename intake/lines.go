package intake

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"sync"

	"github.com/rapporteur/rapporteur"
)

// ReadLine reads one line of any length from br, keeping at most max bytes
// of it: a longer line is read to its end and dropped, and reported as
// tooLong, so one huge line cannot exhaust memory. The line is returned
// without its "\n" or "\r\n".
func ReadLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(frag)) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if !tooLong && int64(len(line)) > max {
			tooLong, line = true, nil
		}
		return line, tooLong, err
	}
}

// Line is one non-blank line of a JSON Lines input.
type Line struct {
	N        int    // numbered from 1, blank lines included
	Data     []byte // nil when TooLarge
	TooLarge bool   // the line was over the size limit and was dropped
}

// Decode reads the line's record; its errors are prefixed with the line
// number. A line over the size limit is an ETOOLARGE error.
func (l Line) Decode(max int64) (Record, error) {
	if l.TooLarge {
		return Record{}, rapporteur.Errorf(rapporteur.ETOOLARGE, "line %d is larger than the limit of %d bytes", l.N, max)
	}
	rec, err := DecodeRecord(l.Data)
	if err != nil {
		return rec, Prefix("line "+strconv.Itoa(l.N), err)
	}
	return rec, nil
}

// EachLine calls f with each non-blank line of r, in order, until r ends,
// f returns an error (returned as it is) or ctx is done. A read error is
// EINVALID, naming the line.
func EachLine(ctx context.Context, r io.Reader, max int64, f func(Line) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, tooLarge, err := ReadLine(br, max)
		if tooLarge || len(bytes.TrimSpace(data)) > 0 {
			if ferr := f(Line{N: n, Data: data, TooLarge: tooLarge}); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var e *rapporteur.Error
			if errors.As(err, &e) {
				return Prefix("read line "+strconv.Itoa(n), err) // a body over its limit
			}
			return rapporteur.Errorf(rapporteur.EINVALID, "read line %d: %w", n, err)
		}
	}
}

// Ordered reads the lines of r, runs work on each on workers goroutines,
// and hands the results to emit in input order, with more telling whether
// the next result is already waiting (so emit can flush when it is not).
// Lines are read as they are needed: at most window are in flight, each
// at most max bytes long.
//
// When emit returns an error, reading stops, the lines in flight are
// drained without being emitted, and that error is returned. Otherwise the
// error is the read error, or ctx's error when it ended the reading.
func Ordered[T any](ctx context.Context, r io.Reader, max int64, workers, window int,
	work func(Line) T, emit func(res T, more bool) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		Line
		out chan T
	}
	jobs := make(chan *job)
	order := make(chan *job, window)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.out <- work(j.Line)
			}
		})
	}

	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		defer close(order)
		readErr <- EachLine(ctx, r, max, func(l Line) error {
			j := &job{l, make(chan T, 1)}
			order <- j
			jobs <- j
			return nil
		})
	}()

	var emitErr error
	for j := range order {
		res := <-j.out
		if emitErr == nil {
			if emitErr = emit(res, len(order) > 0); emitErr != nil {
				cancel() // stop reading; drain what is in flight
			}
		}
	}
	wg.Wait()
	if emitErr != nil {
		return emitErr
	}
	return <-readErr
}

// CountLines counts the non-blank lines of r, for a progress bar's total.
func CountLines(r io.Reader) (int, error) {
	n, blank := 0, true
	buf := make([]byte, 256<<10)
	for {
		m, err := r.Read(buf)
		for _, c := range buf[:m] {
			switch c {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if err == io.EOF {
			if !blank {
				n++
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
