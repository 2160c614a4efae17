import { gql } from '@loralab/client';

export const SWEEP_LIST_FIELDS = gql`
  fragment SweepListFields on Sweep {
    id
    name
    status
    runCount
    createdAt
    bestAccuracy
    lowestPeakMemoryBytes
    project { id name }
    progress { total succeeded failed running queued cancelled fractionDone }
  }
`;

export const RUN_FIELDS = gql`
  fragment RunFields on Run {
    id
    ordinal
    status
    attempt
    predictedMemoryBytes
    updatedAt
    config { rank alpha quantization doubleQuant targetModules learningRate dropout seed }
    summary { accuracy peakMemoryBytes evalLoss }
  }
`;
