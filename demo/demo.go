// Package demo bundles the demo corpus of `rapporteur serve --demo`: 285
// English Wikinews articles from 2019 and 2020 (CC BY 2.5, see
// ATTRIBUTION.md), as JSON Lines that package ingest reads.
package demo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
)

//go:embed wikinews-2019-2020.jsonl.gz
var corpus []byte

// Name names the corpus in ingest results.
const Name = "demo:wikinews-2019-2020.jsonl"

// Articles is the number of articles in the corpus.
const Articles = 285

// Open returns the corpus as JSON Lines: one article per line, with id,
// url, title, date, source and text.
func Open() (io.ReadCloser, error) {
	return gzip.NewReader(bytes.NewReader(corpus))
}
