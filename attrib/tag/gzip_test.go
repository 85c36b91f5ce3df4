package tag

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

func gzipReader(b []byte) (io.Reader, error) { return gzip.NewReader(bytes.NewReader(b)) }

func mustGunzip(t *testing.T, b []byte) io.Reader {
	t.Helper()
	r, err := gzipReader(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	z := gzip.NewWriter(&out)
	z.Write(b)
	z.Close()
	return out.Bytes()
}
