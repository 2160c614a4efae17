import { graphql, type SweepListFieldsFragment } from '@loralab/client';

// Fragments shared by several pages (fragments are global by name: a document spreads them
// with `...SweepListFields` and codegen appends them).

/** A sweep as the sweep lists show it. */
export type SweepRow = SweepListFieldsFragment;

graphql(`
  fragment SweepListFields on Sweep {
    id
    name
    status
    runCount
    createdAt
    bestAccuracy
    lowestPeakMemoryBytes
    project { id name }
    progress { total succeeded failed running queued cancelled pruned fractionDone }
  }
`);

graphql(`
  fragment RunFields on Run {
    id
    ordinal
    status
    prunedRung
    attempt
    predictedMemoryBytes
    updatedAt
    config { rank alpha quantization doubleQuant targetModules learningRate dropout seed }
    summary { accuracy peakMemoryBytes evalLoss }
  }
`);
