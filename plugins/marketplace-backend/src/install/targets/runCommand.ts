import { spawn } from 'node:child_process';

const MAX_OUTPUT = 16 * 1024;

/**
 * Runs a command to its end and gives back the last 16 KiB of its output;
 * stopped (SIGTERM) when the signal aborts or the time runs out. A failure
 * names the command and quotes its last lines.
 *
 * @public
 */
export function runCommand(
  command: string,
  args: string[],
  options: {
    cwd: string;
    timeoutMs: number;
    signal: AbortSignal;
    env?: NodeJS.ProcessEnv;
    label?: string;
    /**
     * Runs the command in a process group of its own and stops the whole group
     * (yarn and the builds it starts), not only the command's process.
     */
    processGroup?: boolean;
    /** Told the command's pid (with `processGroup`, also its group's id) once it started. */
    onSpawn?: (pid: number) => void;
  },
): Promise<string> {
  const label = options.label ?? [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.processGroup ?? false,
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const kill = () => {
      if (options.processGroup && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
          return;
        } catch {
          // The group is gone already: fall through to the process itself.
        }
      }
      child.kill('SIGTERM');
    };
    const timer = setTimeout(() => {
      output += `\n${label} did not finish within ${options.timeoutMs / 1000} s`;
      kill();
    }, options.timeoutMs);
    if (options.signal.aborted) kill();
    options.signal.addEventListener('abort', kill, { once: true });
    child.on('error', error => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', kill);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.on('close', code => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', kill);
      if (code === 0) resolve(output.trim());
      else reject(new Error(`${label} failed (exit ${code ?? 'signal'}): ${output.trim().split('\n').slice(-5).join(' ')}`));
    });
  });
}
