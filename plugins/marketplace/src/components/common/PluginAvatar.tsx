import Avatar from '@material-ui/core/Avatar';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  avatar: { fontWeight: 600, color: '#fff' },
});

// Muted colours that keep white text readable (WCAG AA) in light and dark themes.
const COLORS = ['#1f5493', '#7a3f8f', '#2e6b3a', '#8a4b08', '#005f73', '#8c2f39', '#4a4e69', '#3d5a80'];

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** The first letters of the first two words: "Tech Radar" → "TR". */
export function initials(name: string): string {
  const words = name.replace(/[@/_.-]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  return (words.slice(0, 2).map(w => w[0]).join('') || '?').toUpperCase();
}

/**
 * A plugin's icon: the registry carries none for most plugins, so a stable
 * placeholder is drawn from the name (the same plugin always gets the same colour).
 */
export const PluginAvatar = (props: { name: string; size?: number }) => {
  const classes = useStyles();
  const size = props.size ?? 40;
  return (
    <Avatar
      aria-hidden
      className={classes.avatar}
      style={{
        width: size,
        height: size,
        fontSize: size * 0.4,
        backgroundColor: COLORS[hash(props.name) % COLORS.length],
      }}
    >
      {initials(props.name)}
    </Avatar>
  );
};
