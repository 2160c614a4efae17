# loralab training agent on NVIDIA GPUs: @tensorflow/tfjs-node-gpu (libtensorflow 2.9, CUDA 11.2,
# cuDNN 8). Build from the repository root:
#   docker build -f docker/agent-gpu.Dockerfile -t loralab/agent-gpu .
# Run: docker run --gpus all -e LORALAB_API_URL=... -e LORALAB_API_KEY=... loralab/agent-gpu
FROM nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04
ENV DEBIAN_FRONTEND=noninteractive NODE_ENV=production LORALAB_BACKEND=tensorflow
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gnupg build-essential python3 \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY apps/api/package.json apps/api/
COPY apps/agent/package.json apps/agent/
COPY libs/core/package.json libs/core/
COPY libs/db/package.json libs/db/
COPY libs/ml/package.json libs/ml/
RUN npm ci --no-audit --no-fund --omit=optional --include=dev \
 && npm install --no-save --no-audit --no-fund @tensorflow/tfjs-node-gpu@4.22.0
COPY tools/scripts tools/scripts
COPY libs/core libs/core
COPY libs/ml libs/ml
COPY apps/agent apps/agent
COPY examples examples
RUN useradd -m loralab
USER loralab
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "apps/agent/bin/loralab.js"]
CMD ["agent"]
