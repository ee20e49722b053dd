# syntax=docker/dockerfile:1
# Multi-stage build: compile TypeScript with the dev dependencies, then ship
# only dist/ and the production dependencies, running as a non-root user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY lib ./lib
COPY bin ./bin
COPY benchmarks ./benchmarks
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /usr/local/lib/tslb
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY conf/demo.cfg /usr/local/etc/tslb/lb.cfg
RUN ln -s /usr/local/lib/tslb/dist/bin/tslb.js /usr/local/bin/tslb \
 && chmod +x /usr/local/lib/tslb/dist/bin/tslb.js
USER node
EXPOSE 8000 8080
ENTRYPOINT ["tslb"]
CMD ["-f", "/usr/local/etc/tslb/lb.cfg"]
