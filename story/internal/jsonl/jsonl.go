// Package jsonl writes the JSON Lines files of the gold-set generators.
package jsonl

import (
	"bufio"
	"encoding/json"
	"os"
)

// Write writes rows to path, one JSON object a line, with <, > and &
// left as they are (the texts are news, not HTML).
func Write[T any](path string, rows []T) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
