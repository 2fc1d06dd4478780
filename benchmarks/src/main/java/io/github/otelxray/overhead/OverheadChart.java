/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the report as a PNG with Java2D (headless): one bar chart per metric (time to ready, CPU at
 * ready, CPU per request), a bar per configuration at its median with a min–max whisker, labelled
 * with the median and its ratio to the baseline.
 */
final class OverheadChart {

  private static final Color[] COLORS = {
    new Color(0x9e9e9e), new Color(0x4e79a7), new Color(0xf28e2b), new Color(0x59a14f),
    new Color(0xb07aa1), new Color(0x76b7b2), new Color(0xedc948), new Color(0xe15759),
    new Color(0xff9da7), new Color(0x9c755f)
  };

  private OverheadChart() {}

  static void write(Report report, Path file) throws IOException {
    List<Config> configs = report.configs();
    int panelWidth = Math.max(420, 90 * configs.size() + 80);
    int width = panelWidth * Report.METRICS.size() + 40;
    int height = 580;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    centered(g, report.title(), width / 2, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    centered(
        g,
        "bars: median over rounds; whiskers: min–max; ×: ratio to the median of `"
            + report.baseline()
            + "`",
        width / 2,
        50);

    for (int p = 0; p < Report.METRICS.size(); p++) {
      Report.Metric metric = Report.METRICS.get(p);
      int left = 20 + p * panelWidth + 50;
      int right = 20 + (p + 1) * panelWidth - 20;
      int top = 100;
      int bottom = height - 70;
      double max = 0;
      for (Config c : configs) {
        max = Math.max(max, report.stat(c.name(), metric.value()).max());
      }
      double scale = niceCeiling(max * 1.15);

      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      centered(g, metric.title() + ", " + metric.unit(), (left + right) / 2, top - 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (int t = 0; t <= 4; t++) {
        double v = scale * t / 4;
        int y = bottom - (int) ((bottom - top) * t / 4.0);
        g.setColor(new Color(0xe0e0e0));
        g.drawLine(left, y, right, y);
        g.setColor(Color.DARK_GRAY);
        String label = String.format(Locale.ROOT, "%.0f", v);
        g.drawString(label, left - 6 - g.getFontMetrics().stringWidth(label), y + 4);
      }
      g.setColor(Color.BLACK);
      g.drawLine(left, bottom, right, bottom);

      int slot = (right - left) / configs.size();
      int barWidth = Math.min(60, slot * 3 / 5);
      for (int i = 0; i < configs.size(); i++) {
        Config c = configs.get(i);
        Report.Stat s = report.stat(c.name(), metric.value());
        int x = left + slot * i + (slot - barWidth) / 2;
        int yMedian = y(s.median(), scale, top, bottom);
        g.setColor(COLORS[i % COLORS.length]);
        g.fillRect(x, yMedian, barWidth, bottom - yMedian);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        int cx = x + barWidth / 2;
        int yMin = y(s.min(), scale, top, bottom);
        int yMax = y(s.max(), scale, top, bottom);
        g.drawLine(cx, yMin, cx, yMax);
        g.drawLine(cx - 6, yMin, cx + 6, yMin);
        g.drawLine(cx - 6, yMax, cx + 6, yMax);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        String ratio = Report.times(report.ratio(c.name(), metric));
        int labelY = Math.min(yMedian, yMax) - 6;
        if (!ratio.isEmpty()) {
          centered(g, ratio, cx, labelY);
          labelY -= 15;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        centered(g, String.format(Locale.ROOT, "%.0f", s.median()), cx, labelY);
        centered(g, c.name(), cx, bottom + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.DARK_GRAY);
        centered(
            g,
            String.format(
                Locale.ROOT,
                "%.2f spans/req",
                report.stat(c.name(), r -> (double) r.otlp().spans() / r.requestsSent()).median()),
            cx,
            bottom + 32);
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(Color.DARK_GRAY);
    StringBuilder legend = new StringBuilder();
    for (Config c : configs) {
      legend
          .append(legend.length() == 0 ? "" : "   ")
          .append(c.name())
          .append(": ")
          .append(shortDescription(c));
    }
    centered(g, legend.toString(), width / 2, height - 16);
    g.dispose();
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static String shortDescription(Config c) {
    String d = c.description();
    int cut = d.indexOf(':');
    return cut > 0 && cut < 40
        ? d.substring(0, cut)
        : (d.length() > 60 ? d.substring(0, 57) + "..." : d);
  }

  private static int y(double value, double scale, int top, int bottom) {
    return bottom - (int) Math.round((bottom - top) * value / scale);
  }

  private static double niceCeiling(double x) {
    if (!(x > 0)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(x)));
    for (double step : new double[] {1, 2, 2.5, 4, 5, 10}) {
      if (step * magnitude >= x) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static void centered(Graphics2D g, String text, int x, int y) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, x - fm.stringWidth(text) / 2, y);
  }
}
