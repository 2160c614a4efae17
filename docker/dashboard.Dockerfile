# loralab dashboard (Next.js, apps/dashboard). Build from the repository root once the
# dashboard exists:
#   docker build -f docker/dashboard.Dockerfile -t loralab/dashboard .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY apps apps
COPY libs libs
RUN npm ci --no-audit --no-fund --omit=optional --include=dev
RUN npx next build apps/dashboard

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["sh", "-c", "npx next start apps/dashboard -p ${PORT}"]
