import { Fragment } from 'react';
import { targetsLabel } from '@/lib/format';

/** What a table shows of a run configuration. */
export interface ConfigColumnsValue {
  quantization: string;
  doubleQuant?: boolean;
  rank: number;
  alpha: number;
  targetModules: readonly string[];
  learningRate: number;
}

/** The header cells of a configuration's columns: base, rank, alpha, targets, learning rate. */
export function ConfigHeaders() {
  return (
    <>
      <th scope="col">Base</th>
      <th scope="col" className="num">Rank</th>
      <th scope="col" className="num">Alpha</th>
      <th scope="col">Targets</th>
      <th scope="col" className="num">LR</th>
    </>
  );
}

/**
 * A configuration's cells under `ConfigHeaders`; `base` replaces the base format shown (a matched
 * pair's quantized side). `memoryOnly`: the row stands for every configuration with its base, rank
 * and targets (a BAYES sweep's infeasible entry), so alpha and learning rate read "any".
 */
export function ConfigCells({ config, base, memoryOnly = false }: { config: ConfigColumnsValue; base?: string; memoryOnly?: boolean }) {
  return (
    <>
      <td>
        {base ?? config.quantization}
        {base == null && config.doubleQuant ? ' (dq)' : ''}
      </td>
      <td className="num">{config.rank}</td>
      <td className="num">{memoryOnly ? 'any' : config.alpha}</td>
      <td className="targets">
        {targetsLabel(config.targetModules)
          .split('+')
          .map((t, i) => (
            <Fragment key={i}>
              {i > 0 && <wbr />}
              {i > 0 ? `+${t}` : t}
            </Fragment>
          ))}
      </td>
      <td className="num">{memoryOnly ? 'any' : config.learningRate}</td>
    </>
  );
}
