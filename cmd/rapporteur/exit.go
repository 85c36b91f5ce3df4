package main

import (
	"errors"

	"github.com/rapporteur/rapporteur"
)

// exitCode translates an error into the process exit status: 2 for usage
// and for input the user must fix (EINVALID, ETOOLARGE); 1 for everything
// else, among them a storage failure (EUNAVAILABLE: the database or an
// output file cannot be opened, read or written), a remote failure and a
// bug.
func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	switch rapporteur.ErrorCode(err) {
	case "":
		return 0
	case rapporteur.EINVALID, rapporteur.ETOOLARGE:
		return 2
	}
	return 1
}
