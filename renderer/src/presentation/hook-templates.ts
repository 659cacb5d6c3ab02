import type { HookDefinition } from '../../../server/contract/dto.js';

/** Starting points for common stacks; the install step is cached until a tracked file changes. */
export const hookTemplates: readonly { readonly name: string; readonly definition: HookDefinition }[] = [
  {
    name: 'Node.js (npm)',
    definition: {
      title: 'Tests',
      image: 'node:20-bookworm',
      installScript: 'npm ci',
      trackedFiles: ['package.json', 'package-lock.json'],
      buildScript: 'npm ci --prefer-offline\nnpm test',
    },
  },
  {
    name: 'Python (pip)',
    definition: {
      title: 'Tests',
      image: 'python:3.12-bookworm',
      installScript: 'pip install -r requirements.txt',
      trackedFiles: ['requirements.txt'],
      buildScript: 'pip install -r requirements.txt\npython -m pytest',
    },
  },
  {
    name: 'Go',
    definition: {
      title: 'Tests',
      image: 'golang:1.22-bookworm',
      installScript: 'go mod download',
      trackedFiles: ['go.mod', 'go.sum'],
      buildScript: 'go vet ./...\ngo test ./...',
    },
  },
  {
    name: 'Rust (cargo)',
    definition: {
      title: 'Tests',
      image: 'rust:1-bookworm',
      installScript: 'cargo fetch',
      trackedFiles: ['Cargo.toml', 'Cargo.lock'],
      buildScript: 'cargo test --locked',
    },
  },
  {
    name: 'Shell script',
    definition: {
      title: 'Build',
      image: 'debian:bookworm',
      installScript: '',
      trackedFiles: [],
      buildScript: 'set -eu\nsh ./build.sh',
    },
  },
];
