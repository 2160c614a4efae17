# loralab API (GraphQL + artifact endpoint). Build from the repository root:
#   docker build -f docker/api.Dockerfile -t loralab/api .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production LORALAB_DATA_DIR=/data PORT=4000 HOST=0.0.0.0
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY apps/api/package.json apps/api/
COPY apps/agent/package.json apps/agent/
COPY libs/core/package.json libs/core/
COPY libs/db/package.json libs/db/
COPY libs/ml/package.json libs/ml/
# Sources run through SWC at start (tools/scripts/register.cjs): dev dependencies are needed.
RUN npm ci --no-audit --no-fund --omit=optional --include=dev
COPY tools/scripts tools/scripts
COPY libs libs
COPY apps/api apps/api
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "-r", "./tools/scripts/register.cjs", "apps/api/src/main.ts"]
