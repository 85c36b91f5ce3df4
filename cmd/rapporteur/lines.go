package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/ingest"
)

// lineJob is one non-blank line of a JSON Lines input.
type lineJob struct {
	line     int    // numbered from 1
	data     []byte // nil when tooLarge
	tooLarge bool   // the line was over the size limit and was dropped
}

// orderedLines reads r line by line, runs work on each non-blank line on
// workers goroutines, and hands the results to emit in input order, with
// more telling whether the next result is already waiting (so emit can
// flush when it is not). Lines are read as they are needed: at most window
// are in flight, each at most maxBytes long.
//
// When emit returns an error, reading stops, the lines in flight are
// drained without being emitted, and that error is returned. Otherwise the
// error is the read error, or ctx's error when it ended the reading.
func orderedLines[T any](ctx context.Context, r io.Reader, maxBytes int64, workers, window int,
	work func(lineJob) T, emit func(res T, more bool) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		lineJob
		out chan T
	}
	jobs := make(chan *job)
	order := make(chan *job, window)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.out <- work(j.lineJob)
			}
		})
	}

	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		defer close(order)
		br := bufio.NewReaderSize(r, 64<<10)
		for line := 1; ; line++ {
			if ctx.Err() != nil {
				readErr <- ctx.Err()
				return
			}
			data, tooLarge, err := ingest.ReadLine(br, maxBytes)
			if tooLarge || len(bytes.TrimSpace(data)) > 0 {
				j := &job{lineJob{line, data, tooLarge}, make(chan T, 1)}
				order <- j
				jobs <- j
			}
			if err == io.EOF {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- rapporteur.Errorf(rapporteur.EINVALID, "read line %d: %w", line, err)
				return
			}
		}
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
