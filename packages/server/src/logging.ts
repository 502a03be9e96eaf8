import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import type { LogFormat } from './config.js';
import { describeRequest } from './http/request-log.js';

export interface LogSettings {
  level: string;
  /** Unset: pretty when the stream is a terminal, JSON otherwise. */
  format: LogFormat | undefined;
}

/** Pretty for a person at a terminal, JSON Lines for anything that collects logs (systemd's journal, a file, a shipper). */
export function chooseLogFormat(format: LogFormat | undefined, stream: NodeJS.WritableStream): LogFormat {
  return format ?? ((stream as { isTTY?: boolean }).isTTY ? 'pretty' : 'json');
}

/**
 * The process's one logger. JSON lines carry ISO 8601 times (`"time":"2026-12-06T10:00:00.000Z"`);
 * the pretty form prints local times and the message first, colour only on a terminal. The
 * authorization header never reaches either.
 */
export function createLogger(settings: LogSettings, stream: NodeJS.WritableStream = process.stdout): Logger {
  const options = {
    level: settings.level,
    redact: ['req.headers.authorization'],
    serializers: { req: describeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (chooseLogFormat(settings.format, stream) === 'json') return pino(options, stream);
  const pretty = PinoPretty({
    destination: stream,
    sync: true,
    colorize: (stream as { isTTY?: boolean }).isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return pino(options, pretty);
}
