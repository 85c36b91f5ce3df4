package attrib

import (
	"bytes"
	"embed"
	"errors"
	"io/fs"
)

// models holds the span models `rapporteur train` writes.
//
//go:embed model
var models embed.FS

// embeddedSpans loads the embedded English span model; nil, nil when the
// binary was built without one.
func embeddedSpans() (*spanModel, error) {
	data, err := models.ReadFile("model/en-spans.bin.gz")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return readSpanModel(bytes.NewReader(data))
}

// embeddedCalibration loads the embedded confidence calibration; nil, nil
// when the binary was built without one.
func embeddedCalibration() (*Calibration, error) {
	data, err := models.ReadFile("model/en-confidence.json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return readCalibration(bytes.NewReader(data))
}
