import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('has defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/tablenotes')
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/tablenotes/data',
      sqliteFile: '/srv/tablenotes/data/tablenotes.sqlite',
      publicUrl: null,
      databaseUrl: null,
      secret: null,
      tls: null,
      maxMessageBytes: 8 * 1024 * 1024,
      maxBufferedBytes: 4 * 1024 * 1024,
      pingIntervalMs: 30_000,
    })
  })

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/tn',
        PUBLIC_URL: 'https://notes.example.org/x',
        MAX_MESSAGE_BYTES: '4096',
        MAX_BUFFERED_BYTES: '1048576',
        PING_INTERVAL_MS: '500',
        TABLENOTES_SECRET: 'a'.repeat(64),
        DATABASE_URL: 'postgres://tablenotes@db.internal:5432/tablenotes',
      },
      '/',
    )
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/var/tn',
      publicUrl: 'https://notes.example.org',
      maxMessageBytes: 4096,
      maxBufferedBytes: 1024 * 1024,
      pingIntervalMs: 500,
      secret: 'a'.repeat(64),
      databaseUrl: 'postgres://tablenotes@db.internal:5432/tablenotes',
    })
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' }, '/')).toThrow(
      /DATABASE_URL must be a PostgreSQL URL/,
    )
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/tn', REDIS_URL: 'redis://cache:6379' }, '/')
        .redisUrl,
    ).toBe('redis://cache:6379')
    expect(() => loadConfig({ REDIS_URL: 'redis://localhost' }, '/')).toThrow(
      /REDIS_URL is set without DATABASE_URL/,
    )
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://db/tn', REDIS_URL: 'http://cache' }, '/'),
    ).toThrow(/REDIS_URL must be a Redis URL/)
  })

  it('lists every problem at once', () => {
    try {
      loadConfig(
        {
          PORT: 'eighty',
          PUBLIC_URL: 'ftp://x',
          TLS_CERT: '/nope.pem',
          LOG_LEVEL: 'loud',
          TABLENOTES_SECRET: 'short',
        },
        '/',
      )
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const { problems } = error as ConfigError
      expect(problems).toHaveLength(5)
      expect(problems.join('\n')).toMatch(/PORT must be a whole number.*"eighty"/)
      expect(problems.join('\n')).toContain('TLS_CERT and TLS_KEY must be set together')
      expect(problems.join('\n')).toContain('PUBLIC_URL must be an http(s) origin')
      expect(problems.join('\n')).toContain('LOG_LEVEL must be one of')
      expect(problems.join('\n')).toContain('TABLENOTES_SECRET must be at least 32 characters')
    }
  })
})
