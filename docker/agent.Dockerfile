# loralab training agent, CPU (wasm backend). Build from the repository root:
#   docker build -f docker/agent.Dockerfile -t loralab/agent .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production LORALAB_BACKEND=auto
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY apps/api/package.json apps/api/
COPY apps/agent/package.json apps/agent/
COPY libs/core/package.json libs/core/
COPY libs/db/package.json libs/db/
COPY libs/ml/package.json libs/ml/
RUN npm ci --no-audit --no-fund --omit=optional --include=dev
COPY tools/scripts tools/scripts
COPY libs/core libs/core
COPY libs/ml libs/ml
COPY apps/agent apps/agent
COPY examples examples
USER node
# SIGTERM: the agent finishes its step, checkpoints, hands the run back and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "apps/agent/bin/loralab.js"]
CMD ["agent"]
