"""A bare Streamlit page, the yardstick of bench/first_load.py --vs-bare: one title, nothing else."""

import streamlit as st

st.title("Minhang strategy map")
