"""Disdukcapil's dashboard, served by the hub at `/`: its users and their sessions
(`accounts`), the figures it shows (`figures`), its pages (`pages`, from `templates/`),
the chart (`chart`) and the city tally's downloads (`downloads`, `pdf`)."""
