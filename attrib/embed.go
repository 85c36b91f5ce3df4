package attrib

import (
	"bytes"
	"embed"
	"errors"
	"io"
	"io/fs"
)

// models holds the span model and confidence calibration `rapporteur
// train` writes.
//
//go:embed model
var models embed.FS

// embedded reads the embedded file name with read; the zero T and no
// error when the binary was built without it.
func embedded[T any](name string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	data, err := models.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return zero, nil
	}
	if err != nil {
		return zero, err
	}
	return read(bytes.NewReader(data))
}

// embeddedSpans loads the embedded English span model; nil, nil when the
// binary was built without one.
func embeddedSpans() (*spanModel, error) {
	return embedded("model/en-spans.bin.gz", readSpanModel)
}

// embeddedCalibration loads the embedded confidence calibration; nil, nil
// when the binary was built without one.
func embeddedCalibration() (*Calibration, error) {
	return embedded("model/en-confidence.json", readCalibration)
}

// embeddedBounds loads the embedded English boundary model; nil, nil when
// the binary was built without one.
func embeddedBounds() (*boundModel, error) {
	return embedded("model/en-bounds.bin.gz", readBoundModel)
}
