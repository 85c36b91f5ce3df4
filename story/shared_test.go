package story

// toscaPath is the wikinews-tosca corpus in the shared data directory,
// ../shared beside the repository root.
const toscaPath = "../../shared/data/wikinews-tosca/wikinews_tosca.jsonl"
