package eval

import "github.com/rapporteur/rapporteur"

// AlignThreads returns, for each gold statement, the index of the predicted
// statement ScoreThreads scores it against (content overlap of at least
// half the shorter span, best overlaps first, each prediction used once),
// or -1: the pairs the act model learns from (`rapporteur train`).
func AlignThreads(gold []ThreadStatement, pred []rapporteur.Statement) []int {
	return alignStatements(gold, pred)
}
