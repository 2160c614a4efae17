import { describe, expect, it } from 'vitest';
import { agentDocuments, dashboardDocuments } from './graphql-documents';

describe('the documents our clients send', () => {
  it('are read with their fragments, as the client posts them', () => {
    const claim = agentDocuments().find((d) => d.name === 'AgentClaimRun');
    expect(claim?.file).toBe('apps/agent/src/client/operations.ts');
    expect(claim?.text).toMatch(/fragment AgentRunFields on Run/);
    const runs = dashboardDocuments().find((d) => d.name === 'SweepRuns');
    expect(runs?.text).toMatch(/fragment RunFields on Run/);
  });

  it('cover the agent protocol and the dashboard pages', () => {
    const agent = agentDocuments().map((d) => d.name);
    for (const name of ['AgentRegister', 'AgentClaimRun', 'AgentHeartbeat', 'AgentLogMetrics', 'AgentCompleteRun', 'AgentFailRun', 'AgentReleaseRun']) {
      expect(agent).toContain(name);
    }
    expect(dashboardDocuments().length).toBeGreaterThanOrEqual(15);
  });
});
