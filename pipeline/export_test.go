package pipeline

// White-box handles for the forged-state tests in package pipeline_test.

const (
	PipelineStateVersion = pipelineStateVersion
	UnionStateVersion    = unionStateVersion
	TargetStateVersion   = targetStateVersion
	MaxStateFeatures     = maxStateFeatures
)

type (
	PipelineFit = pipelineFit
	UnionFit    = unionFit
	TargetState = targetState
)
