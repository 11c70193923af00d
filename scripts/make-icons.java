// Draws the install icons of the watch and trainer pages (displays/{watch,trainer}/icon-*.png):
//   java scripts/make-icons.java
// A dark tile with the countdown ring, part drained, in the page's accent colour (watch: the hold
// green, tablet: the left blue), and a white dot at the arc's end. The maskable variant keeps
// everything inside the central 80% safe zone and fills the whole square.

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

class MakeIcons {
    public static void main(String[] args) throws IOException {
        draw("watch", new Color(0x4e, 0xe0, 0xa8));
        draw("trainer", new Color(0x4c, 0xc2, 0xff));
    }

    static void draw(String page, Color accent) throws IOException {
        for (int size : new int[] {192, 512}) {
            write(icon(size, accent, false), "displays/" + page + "/icon-" + size + ".png");
        }
        write(icon(512, accent, true), "displays/" + page + "/icon-maskable-512.png");
    }

    static BufferedImage icon(int size, Color accent, boolean maskable) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(new Color(0x07, 0x09, 0x0c));
        if (maskable) {
            g.fillRect(0, 0, size, size);
        } else {
            g.fill(new RoundRectangle2D.Double(0, 0, size, size, size * 0.22, size * 0.22));
        }
        double ring = size * (maskable ? 0.48 : 0.62); // ring diameter
        double stroke = size * (maskable ? 0.075 : 0.095);
        double x = (size - ring) / 2;
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(0x1b, 0x24, 0x30));
        g.draw(new Ellipse2D.Double(x, x, ring, ring));
        g.setColor(accent);
        double extent = -270; // clockwise from twelve o'clock, three quarters left
        g.draw(new Arc2D.Double(x, x, ring, ring, 90, extent, Arc2D.OPEN));
        double end = Math.toRadians(90 + extent);
        double cx = size / 2.0 + Math.cos(end) * ring / 2;
        double cy = size / 2.0 - Math.sin(end) * ring / 2;
        double dot = stroke * 0.55;
        g.setColor(new Color(0xf4, 0xf7, 0xfa));
        g.fill(new Ellipse2D.Double(cx - dot / 2, cy - dot / 2, dot, dot));
        g.dispose();
        return img;
    }

    static void write(BufferedImage img, String path) throws IOException {
        ImageIO.write(img, "png", new File(path));
        System.out.println("wrote " + path);
    }
}
