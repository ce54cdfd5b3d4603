//! Partition load per keyed topic: each partition's share of the topic's records against the
//! even share, hot partitions outlined and listed in the caption.

use super::*;

/// The most hot partitions a panel's caption names (the rest are counted).
const HOT_NAMED: usize = 8;
/// The most characters of a topic's name in a panel's caption (its ends are kept).
const NAME_CHARS: usize = 44;

pub(super) fn partition_load(root: &Area, topics: &[&analysis::analyze::TopicReport]) -> Result {
    if topics.is_empty() {
        return empty(
            root,
            Chart::PartitionLoad.title(),
            "No keyed topic: records spread evenly (sticky partitioning).",
        );
    }
    let area = root
        .titled(Chart::PartitionLoad.title(), (FONT, 20))
        .map_err(err)?;
    for (panel, topic) in area.split_evenly((topics.len(), 1)).iter().zip(topics) {
        let n = topic.partition_load.len();
        let mean = 100.0 / n as f64;
        let top = topic
            .partition_load
            .iter()
            .fold(mean * 1.1, |m, s| m.max(s * 100.0))
            * 1.5; // headroom for the legend
        let hot = if topic.hot_partitions.is_empty() {
            "none hot".to_owned()
        } else {
            let named: Vec<String> = topic
                .hot_partitions
                .iter()
                .take(HOT_NAMED)
                .map(|p| format!("p{p}"))
                .collect();
            let more = topic.hot_partitions.len().saturating_sub(HOT_NAMED);
            if more > 0 {
                format!("hot: {} and {more} more", named.join(", "))
            } else {
                format!("hot: {}", named.join(", "))
            }
        };
        let caption = format!(
            "{} · {n} partitions · max/mean {:.2} · {hot}",
            design::names::shorten(&one_line(&topic.name), NAME_CHARS),
            topic.max_over_mean
        );
        let mut chart = ChartBuilder::on(panel)
            .caption(caption, (FONT, 16))
            .margin(8)
            .x_label_area_size(46)
            .y_label_area_size(66)
            .build_cartesian_2d(0f64..n as f64, 0f64..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 15))
            .disable_x_mesh()
            .x_desc("partition")
            .x_labels(n.min(24))
            .x_label_formatter(&|x| format!("{}", x.floor() as i64))
            .y_label_formatter(&|y| format!("{y:.1} %"))
            .draw()
            .map_err(err)?;
        // The ±10 % band around the mean, then the bars, then the mean line on top.
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, mean * 0.9), (n as f64, mean * 1.1)],
                SKY.mix(0.25).filled(),
            )))
            .map_err(err)?
            .label("mean ±10 %")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], SKY.mix(0.4).filled()));
        let hot_set: std::collections::HashSet<u32> = topic.hot_partitions.iter().copied().collect();
        chart
            .draw_series(
                topic
                    .partition_load
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s > 0.0)
                    .map(|(p, share)| {
                        let colour = if hot_set.contains(&(p as u32)) {
                            VERMILLION
                        } else {
                            BLUE
                        };
                        Rectangle::new(
                            [(p as f64 + 0.12, 0.0), (p as f64 + 0.88, share * 100.0)],
                            colour.filled(),
                        )
                    }),
            )
            .map_err(err)?;
        chart
            .draw_series(
                topic
                    .partition_load
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| hot_set.contains(&(*p as u32)))
                    .map(|(p, share)| {
                        Rectangle::new(
                            [(p as f64 + 0.12, 0.0), (p as f64 + 0.88, share * 100.0)],
                            INK.stroke_width(2),
                        )
                    }),
            )
            .map_err(err)?
            .label("hot partition (over mean +10 %)")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], VERMILLION.filled()));
        chart
            .draw_series(LineSeries::new(
                [(0.0, mean), (n as f64, mean)],
                INK.stroke_width(2),
            ))
            .map_err(err)?
            .label(format!("mean {mean:.2} %"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], INK.stroke_width(2)));
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}
