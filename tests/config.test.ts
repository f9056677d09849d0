import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: 'development', port: 3000, seedDemo: true, trustProxy: false, databaseUrl: undefined, publicOrigins: [] });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });

  const production = { NODE_ENV: 'production', PUBLIC_ORIGINS: 'https://practicum.example.edu' };

  it('does not seed the demo world in production unless asked', () => {
    expect(loadConfig(production).seedDemo).toBe(false);
    expect(loadConfig({ ...production, SEED_DEMO: '1' }).seedDemo).toBe(true);
  });
});

describe('PUBLIC_ORIGINS', () => {
  it('is required to start the web server in production, and the error names it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_ORIGINS: is required in production/);
  });

  it('is not needed by processes that serve no pages (the grading worker, the CLI)', () => {
    expect(loadConfig({ NODE_ENV: 'production' }, { web: false }).publicOrigins).toEqual([]);
  });

  it('keeps the order (the first is the canonical URL) and normalises each origin', () => {
    const c = loadConfig({ PUBLIC_ORIGINS: ' https://Practicum.Example.edu/ , http://localhost:5173 ,https://x.example:443' });
    expect(c.publicOrigins).toEqual(['https://practicum.example.edu', 'http://localhost:5173', 'https://x.example']);
  });

  it('refuses a URL with a path, or something that is not http(s)', () => {
    expect(() => loadConfig({ PUBLIC_ORIGINS: 'https://practicum.example.edu/app' })).toThrow(/PUBLIC_ORIGINS: "https:\/\/practicum.example.edu\/app" is not an origin/);
    expect(() => loadConfig({ PUBLIC_ORIGINS: 'practicum.example.edu' })).toThrow(/PUBLIC_ORIGINS/);
    expect(() => loadConfig({ PUBLIC_ORIGINS: 'ftp://practicum.example.edu' })).toThrow(/PUBLIC_ORIGINS/);
  });
});
