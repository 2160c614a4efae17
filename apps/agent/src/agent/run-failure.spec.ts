import { describe, expect, it } from 'vitest';
import { ApiError } from '@loralab/client';
import { MlError } from '@loralab/ml';
import { PathNotAllowedError } from './allowed-roots';
import { runFailure } from './run-failure';
import { TrainingStalledError } from './training-thread';

describe('runFailure', () => {
  it('does not retry errors of the run itself: they fail the same way again', () => {
    expect(runFailure(new MlError('DATASET_UNREADABLE', 'no such file'))).toMatchObject({ retryable: false, detail: { code: 'DATASET_UNREADABLE' } });
    expect(runFailure(new MlError('NAN_LOSS', 'loss is NaN at step 3'))).toMatchObject({ retryable: false });
    expect(runFailure(new PathNotAllowedError('/etc is outside the allowed roots'))).toMatchObject({ retryable: false, detail: { code: 'PATH_NOT_ALLOWED' } });
    expect(runFailure(new Error('failed to allocate 1.2 GB: out of memory'))).toMatchObject({ retryable: false, detail: { code: 'OUT_OF_MEMORY' } });
  });

  it('does not retry an API refusal of what the run reported, and names its fields', () => {
    const refused = new ApiError('summary is invalid', 'BAD_USER_INPUT', { status: 200, fields: [{ path: 'summary.peakMemoryBytes', message: 'must be measured (> 0)' }] });
    expect(runFailure(refused)).toEqual({
      reason: 'the API: BAD_USER_INPUT: summary is invalid (summary.peakMemoryBytes: must be measured (> 0))',
      detail: { code: 'BAD_USER_INPUT' },
      retryable: false,
    });
  });

  it('retries what another attempt may get past: an outage that outlasted the retries, a stalled thread, a backend that did not start, an error of the agent', () => {
    expect(runFailure(new ApiError('the database is unavailable', 'SERVICE_UNAVAILABLE', { status: 503 }))).toMatchObject({ retryable: true, detail: { code: 'SERVICE_UNAVAILABLE' } });
    expect(runFailure(new ApiError('out of memory', 'SERVICE_UNAVAILABLE', { status: 503 }))).toMatchObject({ retryable: true, detail: { code: 'SERVICE_UNAVAILABLE' } });
    expect(runFailure(new ApiError('cannot reach http://api/graphql: ECONNREFUSED', 'NETWORK_ERROR'))).toMatchObject({ retryable: true });
    expect(runFailure(new TrainingStalledError(900, 'after step 12'))).toMatchObject({ retryable: true, detail: { code: 'TRAINING_STALLED' } });
    expect(runFailure(new MlError('BACKEND_UNAVAILABLE', 'the wasm backend did not initialise: …'))).toMatchObject({ retryable: true, detail: { code: 'BACKEND_UNAVAILABLE' } });
    expect(runFailure(new Error('no attempt of this run measured its peak memory and throughput'))).toEqual({
      reason: 'no attempt of this run measured its peak memory and throughput',
      retryable: true,
    });
  });

  it('leaves out a code failRun would refuse', () => {
    expect(runFailure(new ApiError('odd', 'weird-code', { status: 200 }))).toEqual({ reason: 'the API: weird-code: odd', retryable: true });
  });
});
