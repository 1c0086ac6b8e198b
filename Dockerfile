# One image for the control plane (api, worker or both) and the simulated fleet.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig*.json ./
COPY apps/control-plane/package.json apps/control-plane/
COPY libs/protocol/package.json libs/protocol/
COPY libs/jetson/package.json libs/jetson/
COPY device-agent/package.json device-agent/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -b tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
EXPOSE 4000
CMD ["node", "apps/control-plane/dist/main.js"]
