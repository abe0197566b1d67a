"""View-side presentation of simulator data: workspace, messages, debrief, charts."""
