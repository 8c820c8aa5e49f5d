# hh_psc_alpha at three constant currents: V_m over 200 ms, one panel per current.
# gnuplot -e "dir='out/hh_currents'" examples/plot/hh_currents.gp
set terminal pngcairo size 1000,750 font ",11" noenhanced
set output dir.'/hh_currents.png'
set datafile separator ','
set multiplot layout 3,1 title 'hh_psc_alpha: membrane potential for three constant currents'
set grid
set yrange [-85:50]
set ylabel 'V_m (mV)'
set xrange [0:200]
set format x ''
set tmargin 1.5
set bmargin 0.5
set title 'I_e = 360 pA: one spike' offset 0,-0.8
plot dir.'/hh_360.csv' using 2:3 skip 1 with lines lw 1.2 lc rgb '#1f77b4' notitle
set title 'I_e = 620 pA: a few spikes'
plot dir.'/hh_620.csv' using 2:3 skip 1 with lines lw 1.2 lc rgb '#ff7f0e' notitle
set title 'I_e = 650 pA: a regular train'
set format x '%g'
set xlabel 'time (ms)'
set bmargin 3
plot dir.'/hh_650.csv' using 2:3 skip 1 with lines lw 1.2 lc rgb '#2ca02c' notitle
unset multiplot
