package speaker

import "testing"

// TestSharedSurname: a surname used alone names the person of that family
// the article introduced first; news style gives the others their first
// names. A gendered title still picks the matching person.
func TestSharedSurname(t *testing.T) {
	checkNames(t, []nameCase{
		{"Former Vice President Joe Biden campaigned in Ohio. His son Hunter Biden sat on a company board. Biden said the claims were false.",
			"Biden", "Joe Biden"},
		{"Representative Elijah Cummings died on Thursday. His mother, Ruth Elma Cummings, was a sharecropper. Cummings said in 2019 that he would keep working.",
			"Cummings", "Elijah Cummings"},
		{"President Donald Trump spoke on Monday. His niece Mary Trump has written a book about him. Trump said the book was full of lies.",
			"Trump", "Donald Trump"},
		{"Bill Clinton arrived first. Hillary Clinton followed him. Mrs. Clinton said she was pleased.",
			"Mrs. Clinton", "Hillary Clinton"},
		{"Anna Lindqvist chairs the committee. Lindqvist said the vote would be held on Friday.",
			"Lindqvist", "Anna Lindqvist"},
	})
}
