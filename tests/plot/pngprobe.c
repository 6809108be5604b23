/* SPDX-License-Identifier: MIT */
/* pngprobe: decodes a PNG with libpng for the picture tests and prints
 *   WIDTH HEIGHT DISTINCT-COLOURS SHARE-OF-WHITE-PIXELS
 * then, for each pair of fractions FX FY (0..1, from the top left), the
 * R G B of the pixel there, and for each #RRGGBB the number of pixels of
 * exactly that colour, and for each @FX#RRGGBB the fraction of the height
 * (from the top) of the first pixel in column FX within a distance of 60 of
 * that colour (antialiased lines are rarely exact), or -1, and for each
 * %FX0:FX1 the share of the pixels in the columns from FX0 to FX1 of the
 * width that are dark (each of R, G, B below 128: text and lines), or with
 * %FX0:FX1:FY0:FY1 in that rectangle only, and for
 * each =FX0:FX1:FY0:FY1#RRGGBB the number of pixels of exactly that colour
 * in that rectangle (fractions from the top left).
 * Exit 1 when the file is not a readable PNG.
 * Usage: pngprobe FILE [FX FY | #RRGGBB | @FX#RRGGBB | %FX0:FX1[:FY0:FY1] | =FX0:FX1:FY0:FY1#RRGGBB]... */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pngprobe FILE [FX FY | #RRGGBB | @FX#RRGGBB | %%FX0:FX1[:FY0:FY1] | "
                        "=FX0:FX1:FY0:FY1#RRGGBB]...\n");
        return 2;
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, argv[1])) {
        fprintf(stderr, "pngprobe: %s: %s\n", argv[1], img.message);
        return 1;
    }
    img.format = PNG_FORMAT_RGB;
    size_t w = img.width, h = img.height;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
    unsigned *rgb = malloc(w * h * sizeof *rgb);
    if (!px || !rgb || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
        fprintf(stderr, "pngprobe: %s: cannot decode\n", argv[1]);
        return 1;
    }
    size_t white = 0;
    for (size_t i = 0; i < w * h; i++) {
        rgb[i] = (unsigned)px[3 * i] << 16 | (unsigned)px[3 * i + 1] << 8 | px[3 * i + 2];
        white += rgb[i] == 0xffffffu;
    }
    qsort(rgb, w * h, sizeof *rgb, by_value);
    size_t distinct = w > 0 && h > 0;
    for (size_t i = 1; i < w * h; i++)
        distinct += rgb[i] != rgb[i - 1];
    printf("%zu %zu %zu %.4f\n", w, h, distinct, (double)white / (double)(w * h));
    for (int a = 2; a < argc; a += 2) {
        if (argv[a][0] == '@') {
            char *hash = strchr(argv[a], '#');
            unsigned want = hash ? (unsigned)strtoul(hash + 1, NULL, 16) : 0;
            int wr = (int)(want >> 16), wg = (int)(want >> 8 & 0xff), wb = (int)(want & 0xff);
            size_t x = (size_t)(atof(argv[a] + 1) * (double)(w - 1) + 0.5);
            double at = -1;
            for (size_t y = 0; y < h && at < 0; y++) {
                const unsigned char *p = px + 3 * (y * w + x);
                int dr = p[0] - wr, dg = p[1] - wg, db = p[2] - wb;
                if (dr * dr + dg * dg + db * db <= 60 * 60)
                    at = (double)y / (double)(h - 1);
            }
            printf("%.4f\n", at);
            a--;
            continue;
        }
        if (argv[a][0] == '=') {
            double f[4] = {0, 0, 0, 0};
            const char *p = argv[a] + 1;
            for (int k = 0; k < 4; k++) {
                f[k] = atof(p);
                const char *next = strchr(p, ':');
                if (!next)
                    break;
                p = next + 1;
            }
            char *hash = strchr(argv[a], '#');
            unsigned want = hash ? (unsigned)strtoul(hash + 1, NULL, 16) : 0;
            size_t x0 = (size_t)(f[0] * (double)(w - 1) + 0.5), x1 = (size_t)(f[1] * (double)(w - 1) + 0.5);
            size_t y0 = (size_t)(f[2] * (double)(h - 1) + 0.5), y1 = (size_t)(f[3] * (double)(h - 1) + 0.5);
            size_t count = 0;
            for (size_t y = y0; y <= y1 && y < h; y++)
                for (size_t x = x0; x <= x1 && x < w; x++) {
                    const unsigned char *q = px + 3 * (y * w + x);
                    count += ((unsigned)q[0] << 16 | (unsigned)q[1] << 8 | q[2]) == want;
                }
            printf("%zu\n", count);
            a--;
            continue;
        }
        if (argv[a][0] == '%') {
            double f[4] = {0, 0, 0, 1};
            const char *arg = argv[a] + 1;
            int nf = 0;
            while (nf < 4) {
                f[nf++] = atof(arg);
                const char *next = strchr(arg, ':');
                if (!next)
                    break;
                arg = next + 1;
            }
            if (nf == 1)
                f[1] = f[0];
            size_t x0 = (size_t)(f[0] * (double)(w - 1) + 0.5), x1 = (size_t)(f[1] * (double)(w - 1) + 0.5);
            size_t y0 = (size_t)(f[2] * (double)(h - 1) + 0.5), y1 = (size_t)(f[3] * (double)(h - 1) + 0.5);
            size_t dark = 0, all = 0;
            for (size_t y = y0; y <= y1 && y < h; y++)
                for (size_t x = x0; x <= x1 && x < w; x++, all++) {
                    const unsigned char *p = px + 3 * (y * w + x);
                    dark += p[0] < 128 && p[1] < 128 && p[2] < 128;
                }
            printf("%.4f\n", all ? (double)dark / (double)all : 0.0);
            a--;
            continue;
        }
        if (argv[a][0] == '#') {
            unsigned want = (unsigned)strtoul(argv[a] + 1, NULL, 16);
            size_t count = 0;
            for (size_t i = 0; i < w * h; i++)
                count += rgb[i] == want;
            printf("%zu\n", count);
            a--;
            continue;
        }
        if (a + 1 >= argc)
            break;
        size_t x = (size_t)(atof(argv[a]) * (double)(w - 1) + 0.5);
        size_t y = (size_t)(atof(argv[a + 1]) * (double)(h - 1) + 0.5);
        const unsigned char *p = px + 3 * (y * w + x);
        printf("%d %d %d\n", p[0], p[1], p[2]);
    }
    free(px);
    free(rgb);
    return 0;
}
