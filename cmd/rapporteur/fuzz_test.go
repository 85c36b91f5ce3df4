package main

import (
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur/intake"
)

// fuzzPipeline is built once for all tests (fuzz and others): loading the lexicons for
// every run or fuzz input would make the tests measure start-up instead of
// extraction. The stages are safe for concurrent use.
var fuzzPipeline = sync.OnceValues(intake.NewStages)

func testPipeline(t testing.TB) *intake.Stages {
	t.Helper()
	p, err := fuzzPipeline()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// FuzzExtractText runs the text pipeline on any UTF-8 text (what the CLI
// lets through), both as pasted text and verbatim: it must not panic, and
// every span it returns must lie inside the text and repeat it. Seeds are
// below and in testdata/fuzz/FuzzExtractText.
func FuzzExtractText(f *testing.F) {
	for _, s := range []string{
		sampleText,
		"Title\n\n\"Quote,\" she said.",
		"Title\n\n\"One,\" he said, \"two.\"\n\n\"Floating paragraph.",
		"A report by the ministry said that prices rose, according to the Associated Press.",
		"WASHINGTON (AP) — The senator told reporters that\"nothing\" was agreed.\n\nReporting by A; Editing by B",
		"«Non», a-t-il dit. „Nein“, sagte sie. ‘Single,’ they said. ''Old,'' he said.",
		"Source: Interfax, Associated Press\n\nRelated Stories\n\nLeave a Reply",
		"\"\"\"\"\"\"\"\"",
		"“”‘’«»„‹›",
		"\n\n\n",
		"said said said according to according to",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("the CLI refuses invalid UTF-8 before the pipeline")
		}
		p := testPipeline(t)
		if a, err := p.Text("", s); err == nil {
			checkSpans(t, a)
			if _, err := encodeArticle(a, false); err != nil {
				t.Fatal(err)
			}
		}
		if a, err := p.Verbatim("", "", s); err == nil {
			checkSpans(t, a)
			if a.Text != s {
				t.Fatalf("verbatim text changed: %q became %q", s, a.Text)
			}
		}
	})
}

// FuzzExtractHTML runs the HTML pipeline on any bytes: it must not panic,
// and every span must lie inside the extracted text. Seeds are below and
// in testdata/fuzz/FuzzExtractHTML.
func FuzzExtractHTML(f *testing.F) {
	for _, s := range []string{
		samplePage,
		"<html><body><p>\"Quote,\" she said.</p></body></html>",
		"<p>unclosed <b><i>tags",
		"<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9</p></body></html>",
		"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\"></head><body><p>\x82\xa0</p></body></html>",
		"<div><div><div><div><div><p>deep</p></div></div></div></div></div>",
		"<script>var a = '<p>';</script><p>after script</p>",
		"<table><tr><td><p>\"In a table,\" the minister said.</p></td></tr></table>",
		"",
		"\x00\x01\x02",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		p := testPipeline(t)
		a, err := p.HTML("", page, "https://example.com/story")
		if err != nil {
			return
		}
		if !utf8.ValidString(a.Text) {
			t.Fatalf("text is not UTF-8: %q", a.Text)
		}
		checkSpans(t, a)
		if _, err := encodeArticle(a, false); err != nil {
			t.Fatal(err)
		}
	})
}
